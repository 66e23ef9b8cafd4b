/** The event log's actions for evaluation: visit (issue 15). */
export const evaluationVisitActions = {};
