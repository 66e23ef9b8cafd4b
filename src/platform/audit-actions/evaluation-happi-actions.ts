/** The event log's actions for evaluation: happi (issue 15). */
export const evaluationHappiActions = {};
