import {
  type ActionDefinition,
  activityRef,
  type Change,
  define,
  type LoggedRow,
  quoted,
  schoolRef,
} from '../audit-vocabulary.ts';

/** The event log's actions about schools' journeys: eligibility admissions and recorded criteria. */
export const journeysActions = {
  'activity.school_admitted_anyway': define(
    'hub_activity',
    'Eligibility: school admitted anyway',
    (r: LoggedRow<{ schoolUrn: number; reasons: string[]; justification: string }>) => [
      r.actor,
      ' admitted ',
      schoolRef(r.changes.schoolUrn),
      ' to ',
      activityRef(r.subjectId),
      ' although it does not meet the project’s rules, because',
      quoted(r.changes.justification),
    ],
  ),
  'school.criteria_recorded': define(
    'school',
    'Eligibility: Mastery Readiness criteria recorded',
    (r: LoggedRow<{ criteria: Change<string[]> }>) => [
      r.actor,
      ' recorded the Mastery Readiness criteria ',
      schoolRef(r.subjectId),
      ' meets',
    ],
  ),
} satisfies Record<string, ActionDefinition>;
