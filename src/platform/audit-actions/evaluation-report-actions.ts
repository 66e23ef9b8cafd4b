import { define, type LoggedRow, personRef, quoted } from '../audit-vocabulary.ts';

/** A report as the log names it: its title (a document, not a person: safe to keep). */
interface ReportFields {
  title: string;
  hubId: number | null;
  ncpKey: string | null;
  yearCode: string;
}

interface ReportSaved extends Partial<ReportFields> {
  themes: number;
  implications: number;
  evidence: number;
  coauthorPersonIds: number[];
}

/** The event log's actions for evaluation reports (issue 15): writing, publishing, following actions up. */
export const evaluationReportActions = {
  'evaluation_report.created': define(
    'evaluation_report',
    'Evaluation reports: report started',
    (r: LoggedRow<ReportSaved>) => [r.actor, ' started the evaluation report', quoted(r.changes.title)],
  ),
  'evaluation_report.updated': define(
    'evaluation_report',
    'Evaluation reports: draft saved',
    (r: LoggedRow<ReportSaved & { version: number }>) => [
      r.actor,
      ' saved the draft evaluation report',
      quoted(r.changes.title),
    ],
  ),
  'evaluation_report.published': define(
    'evaluation_report',
    'Evaluation reports: report published',
    (r: LoggedRow<{ title: string; actionIds: number[]; ownerPersonIds: number[] }>) => [
      r.actor,
      ' published the evaluation report',
      quoted(r.changes.title),
      `, its ${r.changes.actionIds?.length ?? 0} implications now actions`,
    ],
  ),
  'evaluation_action.updated': define(
    'evaluation_action',
    'Evaluation reports: action followed up',
    (
      r: LoggedRow<{
        reportId: number;
        ownerPersonId: number | null;
        status: [string | null, string];
      }>,
    ) => [
      r.actor,
      ` marked an action of an evaluation report ${String(r.changes.status?.[1] ?? 'changed').replace('_', ' ')}`,
      ...(r.changes.ownerPersonId ? [' (owner ', personRef(r.changes.ownerPersonId), ')'] : []),
    ],
  ),
};
