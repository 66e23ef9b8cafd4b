import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { intArray, recordedUrnFilter, recordedUrnsOf, successionCtes, urnFilter } from './succession.ts';

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
 * A school is engaged in an academic year when it took part (`takingPartSql`, the one definition) in an
 * activity of that year: its completion is recorded, or a participant enrolled with it
 * (`enrolments.school_urn`, the school when they enrolled) was present or completed. Signing up (an
 * `activity_schools` row, an enrolment) is not engagement.
 * Schools are counted once by their current URN: a predecessor's attendance counts for the school
 * that succeeded it (academy conversion). Returns the current URNs, ascending.
 */
export async function engagedSchools(db: Executor, q: EngagedSchoolsQuery): Promise<number[]> {
  const recordedUrns = await recordedUrnsOf(db, q.urns);
  const rows = await db.execute<{ urn: number }>(sql`
    WITH RECURSIVE ${successionCtes},
    attended AS (${takingPartSql({ fromYear: q.yearCode, toYear: q.yearCode, activityHubId: q.activityHubId, recordedUrns })}),
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
 * DEFINITION: taking part (docs/definitions.md, "Taking part"), the one meaning every figure uses:
 * the SQL function `taking_part()` of migration 0028. A participant takes part in an activity when they
 * were marked `present` at one of its sessions or their completion is recorded (`enrolments.status =
 * 'completed'`), whatever their later outcome; a school takes part when its completion is recorded
 * (`activity_schools.status = 'completed'`) or a participant enrolled with it took part. Signing up,
 * absence and a withdrawal without attendance are not taking part.
 *
 * As SQL for other definitions to build on (the annual report counts from it without loading rows):
 * the rows of activities of years `fromYear`..`toYear` (every year when they are not given). Columns:
 * enrolment_id, activity_id, person_id (both NULL for a school's recorded completion), school_urn (as
 * enrolled or recorded), year_code, hub_id.
 */
export const takingPartSql = (q: {
  fromYear?: string;
  toYear?: string;
  activityHubId?: number;
  /** Only rows recorded with these URNs (`recordedUrnsOf`: current URNs and their predecessors). */
  recordedUrns?: readonly number[];
  /** Only these activities. */
  activityIds?: readonly number[];
}) => sql`
  SELECT t.enrolment_id, t.activity_id, t.person_id, t.school_urn, t.year_code, t.hub_id
  FROM taking_part() t
  WHERE true
    ${q.fromYear && q.toYear ? sql`AND t.year_code BETWEEN ${q.fromYear} AND ${q.toYear}` : sql``}
    ${q.activityHubId === undefined ? sql`` : sql`AND t.hub_id = ${q.activityHubId}`}
    ${recordedUrnFilter(sql`t.school_urn`, q.recordedUrns)}
    ${q.activityIds ? sql`AND t.activity_id = ANY(${intArray(q.activityIds)})` : sql``}`;

/** The participants' rows of `takingPartSql` only (an enrolment that took part). */
export const participantsTakingPartSql = (q: {
  fromYear?: string;
  toYear?: string;
  activityHubId?: number;
}) => sql`SELECT * FROM (${takingPartSql(q)}) tp WHERE tp.enrolment_id IS NOT NULL`;

/** The number of schools engaged in a year (the same definition). */
export async function countEngagedSchools(db: Executor, q: EngagedSchoolsQuery): Promise<number> {
  return (await engagedSchools(db, q)).length;
}
