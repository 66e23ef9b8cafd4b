import { activityRef, define, type LoggedRow, plural, schoolRef } from '../audit-vocabulary.ts';

/** What a visit's entries record: ids, dates and year groups, never its free text (it may name people). */
interface VisitLogged {
  activityId: number;
  schoolUrn: number;
  visitedOn: string;
}
interface VisitRecorded extends VisitLogged {
  visitorIds: number[];
  yearGroups: string[];
  actions: number;
}
interface VisitChanged extends VisitLogged {
  /** The fields changed: `[before, after]` for dates, schools, year groups and visitors; `true` for texts. */
  changed: Record<string, unknown>;
  actionsAdded: number;
  actionsChanged: number;
  actionsRemoved: number;
}
interface ActionStatus {
  activityId: number;
  schoolUrn: number;
  actionId: number;
}

const visitTo = (r: LoggedRow<Partial<VisitLogged>>) => [
  schoolRef(r.changes.schoolUrn),
  ' for ',
  activityRef(r.changes.activityId),
];

/** The event log's actions for evaluation: records of visits to schools and their agreed actions (issue 15). */
export const evaluationVisitActions = {
  'visit.recorded': define('school_visit', 'Visits: visit recorded', (r: LoggedRow<VisitRecorded>) => [
    r.actor,
    ' recorded a visit to ',
    ...visitTo(r),
    r.changes.actions ? ` with ${plural(r.changes.actions, 'agreed action')}` : '',
  ]),
  'visit.changed': define('school_visit', 'Visits: visit changed', (r: LoggedRow<VisitChanged>) => [
    r.actor,
    ' changed the record of a visit to ',
    ...visitTo(r),
  ]),
  'visit.deleted': define('school_visit', 'Visits: visit deleted', (r: LoggedRow<VisitLogged>) => [
    r.actor,
    ' deleted the record of a visit to ',
    ...visitTo(r),
  ]),
  'visit.action_done': define('school_visit', 'Visits: agreed action done', (r: LoggedRow<ActionStatus>) => [
    r.actor,
    ' marked an action agreed on a visit to ',
    ...visitTo(r),
    ' as done',
  ]),
  'visit.action_reopened': define(
    'school_visit',
    'Visits: agreed action reopened',
    (r: LoggedRow<ActionStatus>) => [r.actor, ' reopened an action agreed on a visit to ', ...visitTo(r)],
  ),
};
