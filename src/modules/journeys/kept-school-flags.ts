import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { intArray } from './succession.ts';

export interface KeptSchoolFlags {
  /** Engaged in the year (`engagedSchools`: the school took part in an activity of the year). */
  engaged: Set<number>;
  /** Took part in Mastering Number's Reception and KS1 programme in the year or before. */
  masteringNumberReceptionKs1: Set<number>;
  /** Took part in Mastering Number's KS2 programme in the year or before. */
  masteringNumberKs2: Set<number>;
}

/**
 * For some schools (current URNs), what the hub's school list shows of the definitions of taking part:
 * engaged in the year (`engagedSchools`) and Mastering Number's two programmes up to the year
 * (`masteringNumberSchools`), read from the counts the writes keep by school and year
 * (`reporting_school_years`, migration 0046, ADR 11) rather than worked out again from every
 * enrolment and attendance mark. Those counts are made by `taking_part()` and
 * `mastering_number_programme()`, the same definitions, in the writer's transaction, so they agree
 * (`kept-school-flags.int.test.ts` checks it against the two functions). Counted by current URN: a
 * predecessor's rows count for the school that succeeded it.
 */
export async function keptSchoolFlags(
  db: Executor,
  q: { yearCode: string; urns: readonly number[] },
): Promise<KeptSchoolFlags> {
  const flags: KeptSchoolFlags = {
    engaged: new Set(),
    masteringNumberReceptionKs1: new Set(),
    masteringNumberKs2: new Set(),
  };
  if (q.urns.length === 0) return flags;
  const urns = intArray(q.urns);
  const { rows } = await db.execute<{ urn: number; engaged: boolean; rk1: boolean; ks2: boolean }>(sql`
    WITH recorded AS (
      SELECT unnest(${urns}) AS urn
      UNION SELECT urn FROM school_successions WHERE current_urn = ANY(${urns}))
    SELECT coalesce(sc.current_urn, v.urn) AS urn,
           bool_or(v.year_code = ${q.yearCode}) AS engaged,
           bool_or(v.mastering_number_reception_ks1 > 0) AS rk1,
           bool_or(v.mastering_number_ks2 > 0) AS ks2
    FROM reporting_school_years v LEFT JOIN school_successions sc ON sc.urn = v.urn
    WHERE v.urn IN (SELECT urn FROM recorded) AND v.year_code <= ${q.yearCode} AND v.took_part > 0
      AND coalesce(sc.current_urn, v.urn) = ANY(${urns})
    GROUP BY 1`);
  for (const r of rows) {
    const urn = Number(r.urn);
    if (r.engaged) flags.engaged.add(urn);
    if (r.rk1) flags.masteringNumberReceptionKs1.add(urn);
    if (r.ks2) flags.masteringNumberKs2.add(urn);
  }
  return flags;
}
