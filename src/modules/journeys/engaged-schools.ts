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
    attended AS (
      SELECT DISTINCT e.school_urn AS urn
      FROM attendance_marks m
      JOIN activity_sessions s ON s.id = m.session_id
      JOIN enrolments e ON e.id = m.enrolment_id AND e.activity_id = s.activity_id
      JOIN hub_activities a ON a.id = s.activity_id
      WHERE m.status = 'present' AND a.year_code = ${q.yearCode} AND e.school_urn IS NOT NULL
        ${q.activityHubId === undefined ? sql`` : sql`AND a.hub_id = ${q.activityHubId}`}
    ),
    engaged AS (
      SELECT DISTINCT coalesce(sc.current_urn, at.urn) AS urn
      FROM attended at LEFT JOIN succession sc ON sc.urn = at.urn
    )
    SELECT g.urn FROM engaged g JOIN schools s ON s.urn = g.urn
    WHERE true ${q.stateFundedOnly ? sql`AND s.is_state_funded` : sql``} ${urnFilter(sql`g.urn`, q.urns)}
    ORDER BY g.urn`);
  return rows.rows.map((r) => Number(r.urn));
}

/** The number of schools engaged in a year (the same definition). */
export async function countEngagedSchools(db: Executor, q: EngagedSchoolsQuery): Promise<number> {
  return (await engagedSchools(db, q)).length;
}
