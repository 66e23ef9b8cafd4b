import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { preparedRows } from '../../platform/prepared.ts';
import { attendanceRate } from './register-rules.ts';
import type { ActivityKind, ActivityStatus } from './schema.ts';

export interface ActivitySummary {
  id: number;
  hubId: number;
  title: string;
  kind: ActivityKind;
  status: ActivityStatus;
  yearCode: string;
  ncpCode: string;
  ncpTitle: string;
  startsOn: string | null;
  endsOn: string | null;
  leads: string;
  schoolCount: number;
  participantCount: number;
  sessionCount: number;
  presentCount: number;
  markedCount: number;
  attendanceRate: number | null;
}

export interface ActivityFilter {
  hubId?: number;
  yearCode?: string;
  ids?: number[];
}

type SummaryRow = {
  id: number;
  hub_id: number;
  title: string;
  kind: ActivityKind;
  status: ActivityStatus;
  year_code: string;
  ncp_code: string;
  ncp_title: string;
  starts_on: string | null;
  ends_on: string | null;
  leads: string;
  school_count: number;
  participant_count: number;
  session_count: number;
  present_count: number;
  marked_count: number;
};

/**
 * Activities with counts of schools and participants taking part (not withdrawn or deferred), sessions and their
 * attendance rate (present marks of all marks; joining on someone's connection is present).
 *
 * One statement: each activity's counts are found by index in one pass per table (sessions and their
 * marks together), rather than a correlated subquery per count; this page is opened often.
 */
export async function summariseActivities(db: Executor, filter: ActivityFilter): Promise<ActivitySummary[]> {
  const conditions = [
    filter.hubId !== undefined ? sql`a.hub_id = ${filter.hubId}` : undefined,
    filter.yearCode !== undefined ? sql`a.year_code = ${filter.yearCode}` : undefined,
    filter.ids !== undefined ? sql`a.id = ANY(${sql.param(filter.ids)}::int[])` : undefined,
  ].filter((c) => c !== undefined);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await preparedRows<SummaryRow>(
    db,
    sql`
    SELECT a.id, a.hub_id, a.title, a.kind, a.status, a.year_code, n.code AS ncp_code, n.title AS ncp_title,
      a.starts_on, a.ends_on, coalesce(ld.leads, '') AS leads, sc.n AS school_count, en.n AS participant_count,
      se.sessions AS session_count, se.present AS present_count, se.marked AS marked_count
    FROM hub_activities a
    JOIN ncps n ON n.id = a.ncp_id
    LEFT JOIN LATERAL (
      SELECT string_agg(p.given_name || ' ' || p.family_name, ', ' ORDER BY p.family_name) AS leads
      FROM activity_leads l JOIN people p ON p.id = l.person_id WHERE l.activity_id = a.id) ld ON true
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n FROM activity_schools s WHERE s.activity_id = a.id AND s.status NOT IN ('withdrawn', 'deferred')) sc
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n FROM enrolments e WHERE e.activity_id = a.id AND e.status NOT IN ('withdrawn', 'deferred')) en
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT s.id)::int AS sessions,
        count(m.session_id) FILTER (WHERE m.status = 'present')::int AS present, count(m.session_id)::int AS marked
      FROM activity_sessions s LEFT JOIN attendance_marks m ON m.session_id = s.id WHERE s.activity_id = a.id) se
    ${where}
    ORDER BY n.code, a.title, a.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    hubId: r.hub_id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    yearCode: r.year_code,
    ncpCode: r.ncp_code,
    ncpTitle: r.ncp_title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    leads: r.leads,
    schoolCount: r.school_count,
    participantCount: r.participant_count,
    sessionCount: r.session_count,
    presentCount: r.present_count,
    markedCount: r.marked_count,
    attendanceRate: attendanceRate(r.present_count, r.marked_count),
  }));
}

/** A hub's activities for an academic year. */
export const listActivities = (db: Executor, hubId: number, yearCode: string) =>
  summariseActivities(db, { hubId, yearCode });

/** The latest academic year in which a hub has activities, if any. */
export async function latestActivityYear(db: Executor, hubId: number): Promise<string | null> {
  const result = await db.execute<{ year: string | null }>(
    sql`SELECT max(year_code) AS year FROM hub_activities WHERE hub_id = ${hubId}`,
  );
  return result.rows[0]?.year ?? null;
}

/** The activities of a list shown under the page's filters (a blank filter keeps every activity). */
export function filterActivities(
  all: ActivitySummary[],
  filter: { ncp: string; kind: ActivityKind | ''; status: ActivityStatus | '' },
): ActivitySummary[] {
  return all.filter(
    (a) =>
      (!filter.ncp || a.ncpCode === filter.ncp) &&
      (!filter.kind || a.kind === filter.kind) &&
      (!filter.status || a.status === filter.status),
  );
}
