import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { takingPartSql } from './engaged-schools.ts';
import { type MasteringNumberProgramme, masteringNumberProgramme } from './journey-rules.ts';
import { intArray, recordedUrnsOf, successionCtes, urnFilter } from './succession.ts';

export interface MasteringNumberSchool {
  urn: number;
  yearCode: string;
  programme: MasteringNumberProgramme;
}

/**
 * DEFINITION: the schools taking part in Mastering Number, by year and programme
 * (docs/definitions.md, "Mastering Number").
 *
 * An NCP is part of Mastering Number when its strand or title says "Mastering Number"; its programme is
 * KS2 when the text says KS2 / Key Stage 2, else Reception and KS1 when it says Reception / KS1 / Key
 * Stage 1, else "other" (such as the Embedding the Impact Communities). A school takes part in a year
 * when it took part (`takingPartSql`, the one definition: its completion recorded, or a participant
 * enrolled with it present or completed) in an activity of such an NCP in that year. Counted by
 * current URN (a predecessor counts for its successor).
 */
export async function masteringNumberSchools(
  db: Executor,
  q: { yearCode?: string; toYear?: string; urns?: readonly number[]; activityHubId?: number } = {},
): Promise<MasteringNumberSchool[]> {
  const recordedUrns = await recordedUrnsOf(db, q.urns);
  // The activities first, as a plain list the planner takes into `taking_part()` (a subquery there is
  // not pushed down, and every activity's attendance was read).
  const activities = await db.execute<{ id: number }>(sql`
    SELECT a.id FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
    WHERE (n.strand ILIKE '%mastering number%' OR n.title ILIKE '%mastering number%')
      ${q.yearCode ? sql`AND a.year_code = ${q.yearCode}` : sql``}
      ${q.toYear ? sql`AND a.year_code <= ${q.toYear}` : sql``}
      ${q.activityHubId === undefined ? sql`` : sql`AND a.hub_id = ${q.activityHubId}`}`);
  const activityIds = activities.rows.map((r) => Number(r.id));
  const rows = await db.execute<{ urn: number; yearCode: string; title: string; strand: string | null }>(sql`
    WITH RECURSIVE ${successionCtes},
    mn AS (
      SELECT a.id, a.year_code, n.title, n.strand FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
      WHERE a.id = ANY(${intArray(activityIds)})
    ),
    took_part AS (
      SELECT tp.school_urn AS urn, mn.year_code, mn.title, mn.strand
      FROM mn JOIN (${takingPartSql({ fromYear: q.yearCode ?? '0000', toYear: q.yearCode ?? q.toYear ?? '9999', recordedUrns, activityIds })}) tp
        ON tp.activity_id = mn.id
      WHERE tp.school_urn IS NOT NULL
    )
    SELECT DISTINCT coalesce(sc.current_urn, t.urn) AS urn, t.year_code AS "yearCode", t.title, t.strand
    FROM took_part t LEFT JOIN succession sc ON sc.urn = t.urn
    WHERE true ${urnFilter(sql`coalesce(sc.current_urn, t.urn)`, q.urns)}`);
  const seen = new Map<string, MasteringNumberSchool>();
  for (const r of rows.rows) {
    const row = {
      urn: Number(r.urn),
      yearCode: r.yearCode,
      programme: masteringNumberProgramme(r.title, r.strand),
    };
    seen.set(`${row.urn} ${row.yearCode} ${row.programme}`, row);
  }
  return [...seen.values()].sort(
    (a, b) => a.yearCode.localeCompare(b.yearCode) || a.urn - b.urn || a.programme.localeCompare(b.programme),
  );
}

/** The number of schools taking part in each Mastering Number programme in a year. */
export async function countMasteringNumber(
  db: Executor,
  q: { yearCode: string; activityHubId?: number },
): Promise<Record<MasteringNumberProgramme, number>> {
  const counts: Record<MasteringNumberProgramme, number> = { reception_ks1: 0, ks2: 0, other: 0 };
  for (const row of await masteringNumberSchools(db, q)) counts[row.programme]++;
  return counts;
}

/**
 * `masteringNumberProgramme` in SQL, for definitions that count in the database (the annual report):
 * the SQL function `mastering_number_programme` (migration 0046, where the reports' kept counts use it
 * too), the same tests on the NCP's title and strand, giving 'ks2', 'reception_ks1', 'other', or NULL
 * for an NCP that is not part of Mastering Number. `mastering-number.int.test.ts` checks they agree.
 */
export const masteringNumberProgrammeSql = (title: SQL, strand: SQL) =>
  sql`mastering_number_programme(${title}, ${strand})`;
