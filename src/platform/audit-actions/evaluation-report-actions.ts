/** The event log's actions for evaluation: report (issue 15). */
export const evaluationReportActions = {};
