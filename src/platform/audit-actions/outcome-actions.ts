import {
  type ActionDefinition,
  activityRef,
  type Change,
  define,
  type LoggedRow,
  personRef,
  schoolRef,
} from '../audit-vocabulary.ts';

/** How an outcome reads in a sentence ("completed", "withdrawn (workload)", "deferred to next year"). */
function outcomeWords(status: unknown, reason: unknown, reasonText: unknown): string {
  const to = Array.isArray(status) ? status[1] : status;
  if (to === 'completed') return 'completed';
  if (to === 'deferred') return 'deferred to next year';
  if (to === 'registered') return 'registered';
  if (to === 'withdrawn') {
    const why =
      reason === 'other' ? reasonText : typeof reason === 'string' ? reason.replace(/_/g, ' ') : null;
    return why ? `withdrawn (${why})` : 'withdrawn';
  }
  return String(to ?? 'changed');
}

interface Outcome {
  status: Change<string>;
  reason?: string | null;
  reasonText?: string | null;
}

/** The event log's actions for the end of an activity: outcomes, reinstating, closing and reopening. */
export const outcomeActions = {
  'activity.school_outcome_recorded': define(
    'hub_activity',
    'Activities: school’s outcome recorded',
    (r: LoggedRow<Outcome & { schoolUrn: number }>) => [
      r.actor,
      ' recorded ',
      schoolRef(r.changes.schoolUrn),
      ` as ${outcomeWords(r.changes.status, r.changes.reason, r.changes.reasonText)} in `,
      activityRef(r.subjectId),
    ],
  ),
  'activity.school_reinstated': define(
    'hub_activity',
    'Activities: school reinstated',
    (r: LoggedRow<{ schoolUrn: number; status: Change<string> }>) => [
      r.actor,
      ' reinstated ',
      schoolRef(r.changes.schoolUrn),
      ' in ',
      activityRef(r.subjectId),
    ],
  ),
  'enrolment.outcome_recorded': define(
    'enrolment',
    'Participants: outcome recorded',
    (r: LoggedRow<Outcome & { activityId: number; personId: number }>) => [
      r.actor,
      ' recorded ',
      personRef(r.changes.personId),
      ` as ${outcomeWords(r.changes.status, r.changes.reason, r.changes.reasonText)} in `,
      activityRef(r.changes.activityId),
    ],
  ),
  'enrolment.reinstated': define(
    'enrolment',
    'Participants: reinstated',
    (r: LoggedRow<{ activityId: number; personId: number; status: Change<string> }>) => [
      r.actor,
      ' reinstated ',
      personRef(r.changes.personId),
      ' in ',
      activityRef(r.changes.activityId),
    ],
  ),
  'activity.closed': define(
    'hub_activity',
    'Activities: closed at the end of the year',
    (r: LoggedRow<{ status: Change<string> }>) => [r.actor, ' closed ', activityRef(r.subjectId)],
  ),
  'activity.reopened': define(
    'hub_activity',
    'Activities: reopened',
    (r: LoggedRow<{ status: Change<string> }>) => [r.actor, ' reopened ', activityRef(r.subjectId)],
  ),
} satisfies Record<string, ActionDefinition>;
