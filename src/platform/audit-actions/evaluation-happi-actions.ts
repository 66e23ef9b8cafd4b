import { activityRef, type Change, define, type LoggedRow, plural } from '../audit-vocabulary.ts';
import { formatDate } from '../dates.ts';

const sectionWord = (section: unknown) => (section === 'impact' ? 'impact section' : 'plan');

/** The event log's actions for evaluation: HAPPI forms (issue 15). The subject is the form's activity. */
export const evaluationHappiActions = {
  'happi.plan_saved': define(
    'hub_activity',
    'Evaluation: HAPPI plan saved',
    (r: LoggedRow<{ outcomes: number; methods: string[]; created: boolean }>) => [
      r.actor,
      ` saved the HAPPI plan (${plural(r.changes.outcomes, 'intended outcome')}) of `,
      activityRef(r.subjectId),
    ],
  ),
  'happi.impact_saved': define(
    'hub_activity',
    'Evaluation: HAPPI evidence of impact saved',
    (r: LoggedRow<{ withEvidence: number; links: number }>) => [
      r.actor,
      ` saved the HAPPI evidence of impact (${plural(r.changes.withEvidence, 'outcome')} with evidence, ${plural(r.changes.links, 'link')}) of `,
      activityRef(r.subjectId),
    ],
  ),
  'happi.file_added': define(
    'hub_activity',
    'Evaluation: HAPPI evidence file added',
    (r: LoggedRow<{ outcomeKey: string; fileId: number; size: number }>) => [
      r.actor,
      ' added a file to the HAPPI evidence of impact of ',
      activityRef(r.subjectId),
    ],
  ),
  'happi.file_removed': define(
    'hub_activity',
    'Evaluation: HAPPI evidence file removed',
    (r: LoggedRow<{ outcomeKey: string; fileId: number }>) => [
      r.actor,
      ' removed a file from the HAPPI evidence of impact of ',
      activityRef(r.subjectId),
    ],
  ),
  'happi.progress_added': define(
    'hub_activity',
    'Evaluation: HAPPI progress update added',
    (r: LoggedRow<{ entryId: number; writtenOn: string }>) => [
      r.actor,
      ' added a HAPPI progress update to ',
      activityRef(r.subjectId),
    ],
  ),
  'happi.submitted': define(
    'hub_activity',
    'Evaluation: HAPPI submitted for review',
    (r: LoggedRow<{ section: string; status: Change<string> }>) => [
      r.actor,
      ` submitted the HAPPI ${sectionWord(r.changes.section)} of `,
      activityRef(r.subjectId),
      ' for review',
    ],
  ),
  'happi.returned': define(
    'hub_activity',
    'Evaluation: HAPPI returned with comments',
    (r: LoggedRow<{ section: string; status: Change<string> }>) => [
      r.actor,
      ` returned the HAPPI ${sectionWord(r.changes.section)} of `,
      activityRef(r.subjectId),
      ' with comments',
    ],
  ),
  'happi.accepted': define(
    'hub_activity',
    'Evaluation: HAPPI accepted',
    (r: LoggedRow<{ section: string; status: Change<string> }>) => [
      r.actor,
      ` accepted the HAPPI ${sectionWord(r.changes.section)} of `,
      activityRef(r.subjectId),
    ],
  ),
  'happi.reminder_sent': define(
    'hub_activity',
    'Evaluation: HAPPI deadline reminder sent',
    (r: LoggedRow<{ section: string; notice: string; dueOn: string; recipients: number }>) => [
      r.actor,
      ` reminded ${plural(r.changes.recipients, 'lead')} of `,
      activityRef(r.subjectId),
      ` that the HAPPI ${sectionWord(r.changes.section)} ${r.changes.notice === 'overdue' ? 'was' : 'is'} due on ${r.changes.dueOn ? formatDate(r.changes.dueOn) : 'its deadline'}`,
    ],
  ),
};
