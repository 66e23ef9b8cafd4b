import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * The current school of every URN that has a successor on the register, following the GIAS links
 * (`school_links`): a 'Successor…' link from the old URN, or a 'Predecessor…' link from the new one,
 * both mean old → new. Chains are followed to their end (up to 10 steps, so a loop cannot run away);
 * a split school with several successors goes to the lowest successor URN. A URN without a successor
 * is its own current school.
 *
 * The walk is made when the links change (a trigger on `school_links` keeps `school_successions`,
 * migration 0045), not by each read. This is a CTE to follow `WITH`; it defines `succession(urn,
 * current_urn)`.
 */
export const successionCtes = sql`
  succession AS (SELECT urn, current_urn FROM school_successions)`;

/** The current school of a URN expression (needs `successionCtes`). */
export const currentUrnSql = (urn: SQL) =>
  sql`coalesce((SELECT sc.current_urn FROM succession sc WHERE sc.urn = ${urn}), ${urn})`;

/** A list of integers as one `int[]` parameter (drizzle would spread a JS array into a list). */
export const intArray = (values: readonly number[]) =>
  sql`${`{${values.map((v) => Math.trunc(v)).join(',')}}`}::int[]`;

/**
 * The URNs as they may be recorded (on an enrolment or an activity's school) for these current URNs:
 * the URNs themselves and their predecessors. Undefined stays undefined (no filter).
 */
export async function recordedUrnsOf(
  db: Executor,
  urns: readonly number[] | undefined,
): Promise<number[] | undefined> {
  if (!urns) return undefined;
  const predecessors = await db.execute<{ urn: number }>(
    sql`SELECT urn FROM school_successions WHERE current_urn = ANY(${intArray(urns)})`,
  );
  return [...urns, ...predecessors.rows.map((r) => Number(r.urn))];
}

/**
 * A filter on a URN as recorded, before following the succession (`recordedUrnsOf`). It only narrows
 * what a query reads early: a plain list, so the planner takes it into the union of `taking_part()`
 * and uses the index; the filter on the current URN afterwards (`urnFilter`) still decides.
 */
export const recordedUrnFilter = (column: SQL, recordedUrns: readonly number[] | undefined) =>
  recordedUrns ? sql`AND ${column} = ANY(${intArray(recordedUrns)})` : sql``;

/** A URN filter on an expression, or nothing when `urns` is undefined. */
export const urnFilter = (column: SQL, urns: readonly number[] | undefined) =>
  urns ? sql`AND ${column} = ANY(${intArray(urns)})` : sql``;
