import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { TfmStage } from '../catalogue/schema.ts';
import { stageOfRank } from './journey-rules.ts';
import { recordedUrnFilter, recordedUrnsOf, successionCtes, urnFilter } from './succession.ts';

export interface SchoolStage {
  urn: number;
  yearCode: string;
  stage: TfmStage;
}

/**
 * DEFINITION: each school's Teaching for Mastery stage at the end of each academic year
 * (docs/definitions.md, "Teaching for Mastery stage").
 *
 * The stage at the end of year Y is the highest `ncps.completes_tfm_stage` (Readiness < Development <
 * Embedding < Sustaining) of the NCPs of the activities the school completed
 * (`activity_schools.status = 'completed'`) in Y or any earlier year. Taking the highest makes every
 * stage, and Sustaining above all, permanent. Completions of a predecessor count for its current school
 * (academy conversion). A school that completed nothing has no stage (it is not in the list).
 * Returns one row per school and year in `academic_years`, from its first completion to `toYear`.
 */
export async function tfmStagesByYear(
  db: Executor,
  q: { toYear: string; urns?: readonly number[] },
): Promise<SchoolStage[]> {
  const recordedUrns = await recordedUrnsOf(db, q.urns);
  const rows = await db.execute<{ urn: number; yearCode: string; rank: number }>(sql`
    WITH RECURSIVE ${successionCtes},
    completions AS (
      SELECT coalesce(sc.current_urn, x.school_urn) AS urn, a.year_code,
             array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS rank
      FROM activity_schools x
      JOIN hub_activities a ON a.id = x.activity_id
      JOIN ncps n ON n.id = a.ncp_id
      LEFT JOIN succession sc ON sc.urn = x.school_urn
      WHERE x.status = 'completed' AND n.completes_tfm_stage IS NOT NULL AND a.year_code <= ${q.toYear}
        ${recordedUrnFilter(sql`x.school_urn`, recordedUrns)}
    )
    SELECT c.urn, y.code AS "yearCode", max(c.rank)::int AS rank
    FROM completions c
    JOIN academic_years y ON y.code >= c.year_code AND y.code <= ${q.toYear}
    WHERE true ${urnFilter(sql`c.urn`, q.urns)}
    GROUP BY c.urn, y.code
    ORDER BY c.urn, y.code`);
  return rows.rows.map((r) => ({ urn: Number(r.urn), yearCode: r.yearCode, stage: stageOfRank(r.rank)! }));
}

/** Each school's stage at the end of one year (schools with no stage are absent). */
export async function tfmStagesAt(
  db: Executor,
  q: { yearCode: string; urns?: readonly number[] },
): Promise<Map<number, TfmStage>> {
  const rows = await tfmStagesByYear(db, { toYear: q.yearCode, urns: q.urns });
  return new Map(rows.filter((r) => r.yearCode === q.yearCode).map((r) => [r.urn, r.stage]));
}

/**
 * The Teaching for Mastery activities schools are signed up to in a year and have not completed or
 * withdrawn from (`activity_schools.status = 'registered'`): their journey is in progress.
 */
export async function tfmInProgress(
  db: Executor,
  q: { yearCode: string; urns?: readonly number[] },
): Promise<Map<number, TfmStage>> {
  const recordedUrns = await recordedUrnsOf(db, q.urns);
  const rows = await db.execute<{ urn: number; rank: number }>(sql`
    WITH RECURSIVE ${successionCtes},
    taking_part AS (
      SELECT coalesce(sc.current_urn, x.school_urn) AS urn,
             array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS rank
      FROM activity_schools x
      JOIN hub_activities a ON a.id = x.activity_id
      JOIN ncps n ON n.id = a.ncp_id
      LEFT JOIN succession sc ON sc.urn = x.school_urn
      WHERE x.status = 'registered' AND a.status <> 'cancelled' AND n.completes_tfm_stage IS NOT NULL
        AND a.year_code = ${q.yearCode}
        ${recordedUrnFilter(sql`x.school_urn`, recordedUrns)}
    )
    SELECT urn, max(rank)::int AS rank FROM taking_part WHERE true ${urnFilter(sql`urn`, q.urns)} GROUP BY urn`);
  return new Map(rows.rows.map((r) => [Number(r.urn), stageOfRank(r.rank)!]));
}
