import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { summariseActivities } from '../activities/list-activities.ts';
import { grantByActivity } from '../funding/grant-by-activity.ts';
import { stateName, stateOf } from './happi-rules.ts';
import type { HappiSection, HappiStatus } from './happi-schema.ts';

/**
 * What the platform knows about activities, for the evaluation pages of an activity, a hub and an NCP
 * (issue 15): registers and outcomes from the delivery records, the grant the records earn, and (added
 * by each part of evaluation) the HAPPI form's state, survey completion and change, and visits.
 */
export interface EvaluationRow {
  activityId: number;
  title: string;
  hubId: number;
  hubName: string;
  ncpCode: string;
  yearCode: string;
  status: string;
  schools: number;
  participants: number;
  sessions: number;
  /** Present marks as a share of all marks taken (null: no registers taken yet). */
  attendancePercent: number | null;
  completedSchools: number;
  completedParticipants: number;
  withdrawnParticipants: number;
  deferredParticipants: number;
  grantPence: number;
  /** The HAPPI form's state in words ("Plan submitted", "Not started"…). */
  happi: string;
  /** Survey invitations of the activity (every kind) and how many were answered. */
  surveysInvited: number;
  surveysAnswered: number;
  /** Records of visits to its schools, and agreed actions still open. */
  visits: number;
  openVisitActions: number;
}

export interface EvaluationFilter {
  yearCode: string;
  hubId?: number;
  /** The hubs of a hub scope (hub leadership's), when not every hub's. */
  hubIds?: readonly number[];
  /** An NCP's code without its year (`09` for NCP23-09): the NCP across hubs. */
  ncpKey?: string;
  activityId?: number;
}

/** The activities of the filter with their evaluation figures, by hub then NCP then title. */
export async function evaluationRows(db: Executor, filter: EvaluationFilter): Promise<EvaluationRow[]> {
  const conditions = [
    sql`a.year_code = ${filter.yearCode}`,
    filter.hubId !== undefined ? sql`a.hub_id = ${filter.hubId}` : undefined,
    filter.hubIds !== undefined ? sql`a.hub_id = ANY(${sql.param([...filter.hubIds])}::int[])` : undefined,
    filter.ncpKey !== undefined
      ? sql`regexp_replace(n.code, '^NCP[0-9][0-9]-', '') = ${filter.ncpKey}`
      : undefined,
    filter.activityId !== undefined ? sql`a.id = ${filter.activityId}` : undefined,
  ].filter((c) => c !== undefined);
  const found = await db.execute<{
    id: number;
    hub_id: number;
    hub_name: string;
    completed_schools: number;
    completed_participants: number;
    withdrawn_participants: number;
    deferred_participants: number;
    happi_section: HappiSection | null;
    happi_status: HappiStatus | null;
    surveys_invited: number;
    surveys_answered: number;
    visits: number;
    open_visit_actions: number;
  }>(sql`
    SELECT a.id, a.hub_id, h.name AS hub_name,
      (SELECT count(*) FROM activity_schools s WHERE s.activity_id = a.id AND s.status = 'completed')::int AS completed_schools,
      (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id AND e.status = 'completed')::int AS completed_participants,
      (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id AND e.status = 'withdrawn')::int AS withdrawn_participants,
      (SELECT count(*) FROM enrolments e WHERE e.activity_id = a.id AND e.status = 'deferred')::int AS deferred_participants,
      f.section AS happi_section, f.status AS happi_status,
      (SELECT count(*) FROM survey_invitations i WHERE i.activity_id = a.id)::int AS surveys_invited,
      (SELECT count(i.submitted_at) FROM survey_invitations i WHERE i.activity_id = a.id)::int AS surveys_answered,
      (SELECT count(*) FROM school_visits v WHERE v.activity_id = a.id)::int AS visits,
      (SELECT count(*) FROM school_visit_actions x JOIN school_visits v ON v.id = x.visit_id
        WHERE v.activity_id = a.id AND x.status = 'open')::int AS open_visit_actions
    FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id JOIN hubs h ON h.id = a.hub_id
    LEFT JOIN happi_forms f ON f.activity_id = a.id
    WHERE ${sql.join(conditions, sql` AND `)}`);
  if (!found.rows.length) return [];
  const ids = found.rows.map((r) => r.id);
  const [summaries, grants] = await readsAtOnce(db, [
    () => summariseActivities(db, { ids }),
    () =>
      grantByActivity(db, {
        yearCode: filter.yearCode,
        hubId: filter.hubId ?? (filter.hubIds?.length === 1 ? filter.hubIds[0] : undefined),
      }),
  ]);
  const extra = new Map(found.rows.map((r) => [r.id, r]));
  return summaries
    .map((s) => {
      const e = extra.get(s.id)!;
      return {
        activityId: s.id,
        title: s.title,
        hubId: s.hubId,
        hubName: e.hub_name,
        ncpCode: s.ncpCode,
        yearCode: s.yearCode,
        status: s.status,
        schools: s.schoolCount,
        participants: s.participantCount,
        sessions: s.sessionCount,
        attendancePercent: s.markedCount ? Math.round((s.presentCount / s.markedCount) * 1000) / 10 : null,
        completedSchools: e.completed_schools,
        completedParticipants: e.completed_participants,
        withdrawnParticipants: e.withdrawn_participants,
        deferredParticipants: e.deferred_participants,
        grantPence: grants.get(s.id) ?? 0,
        happi: stateName(
          stateOf(
            e.happi_section && e.happi_status ? { section: e.happi_section, status: e.happi_status } : null,
          ),
        ),
        surveysInvited: e.surveys_invited,
        surveysAnswered: e.surveys_answered,
        visits: e.visits,
        openVisitActions: e.open_visit_actions,
      };
    })
    .sort(
      (a, b) =>
        a.hubName.localeCompare(b.hubName) ||
        a.ncpCode.localeCompare(b.ncpCode) ||
        a.title.localeCompare(b.title),
    );
}

/** Totals of rows (a hub's or an NCP's line). */
export function evaluationTotals(rows: readonly EvaluationRow[]) {
  const sum = (f: (r: EvaluationRow) => number) => rows.reduce((t, r) => t + f(r), 0);
  return {
    activities: rows.length,
    schools: sum((r) => r.schools),
    participants: sum((r) => r.participants),
    completedParticipants: sum((r) => r.completedParticipants),
    withdrawnParticipants: sum((r) => r.withdrawnParticipants),
    grantPence: sum((r) => r.grantPence),
    surveysInvited: sum((r) => r.surveysInvited),
    surveysAnswered: sum((r) => r.surveysAnswered),
    visits: sum((r) => r.visits),
  };
}
