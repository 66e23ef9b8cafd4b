/** The event log's actions for evaluation: survey (issue 15). */
export const evaluationSurveyActions = {};
