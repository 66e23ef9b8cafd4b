import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { successionCtes, urnFilter } from './succession.ts';

export interface EngagedSchoolsQuery {
  /** The academic year, `2023/24`. */
  yearCode: string;
  /** Only engagement through this hub's activities. */
  activityHubId?: number;
  /** Only these (current) URNs. */
  urns?: readonly number[];
  /** Only state-funded schools (the annual report's denominator). */
  stateFundedOnly?: boolean;
}

/**
 * DEFINITION: the schools engaged in a year (docs/definitions.md, "Engaged school").
 *
 * A school is engaged in an academic year when at least one participant enrolled with that school
 * (`enrolments.school_urn`, the school when they enrolled) was marked `present` at a session of an
 * activity of that year. Signing up (an `activity_schools` row, an enrolment) is not engagement.
 * Schools are counted once by their current URN: a predecessor's attendance counts for the school
 * that succeeded it (academy conversion). Returns the current URNs, ascending.
 */
export async function engagedSchools(db: Executor, q: EngagedSchoolsQuery): Promise<number[]> {
  const rows = await db.execute<{ urn: number }>(sql`
    WITH RECURSIVE ${successionCtes},
    attended AS (${presentEnrolmentsSql({ fromYear: q.yearCode, toYear: q.yearCode, activityHubId: q.activityHubId })}),
    engaged AS (
      -- The schools first, then their successors: joined row by row to every attendance, the succession
      -- (a CTE the planner cannot estimate) took half a minute for one hub on the demonstration data.
      SELECT DISTINCT coalesce(sc.current_urn, x.school_urn) AS urn
      FROM (SELECT DISTINCT school_urn FROM attended WHERE school_urn IS NOT NULL) x
      LEFT JOIN succession sc ON sc.urn = x.school_urn
    )
    SELECT g.urn FROM engaged g JOIN schools s ON s.urn = g.urn
    WHERE true ${q.stateFundedOnly ? sql`AND s.is_state_funded` : sql``} ${urnFilter(sql`g.urn`, q.urns)}
    ORDER BY g.urn`);
  return rows.rows.map((r) => Number(r.urn));
}

/**
 * The attendance half of the engagement rule, as SQL for other definitions to build on (the annual
 * report counts schools and participants from it without loading rows): the enrolments of activities
 * of years `fromYear`..`toYear` (every year when they are not given) with at least one `present`
 * mark at a session of their own activity. Columns: enrolment_id, activity_id, person_id, school_urn (as enrolled), year_code, hub_id.
 */
export const presentEnrolmentsSql = (q: {
  fromYear?: string;
  toYear?: string;
  activityHubId?: number;
}) => sql`
  SELECT e.id AS enrolment_id, e.activity_id, e.person_id, e.school_urn, a.year_code, a.hub_id
  FROM hub_activities a
  JOIN enrolments e ON e.activity_id = a.id
  WHERE true
    ${q.fromYear && q.toYear ? sql`AND a.year_code BETWEEN ${q.fromYear} AND ${q.toYear}` : sql``}
    ${q.activityHubId === undefined ? sql`` : sql`AND a.hub_id = ${q.activityHubId}`}
    AND EXISTS (
      SELECT 1 FROM attendance_marks m JOIN activity_sessions s ON s.id = m.session_id
      WHERE m.enrolment_id = e.id AND m.status = 'present' AND s.activity_id = e.activity_id)`;

/** The number of schools engaged in a year (the same definition). */
export async function countEngagedSchools(db: Executor, q: EngagedSchoolsQuery): Promise<number> {
  return (await engagedSchools(db, q)).length;
}
