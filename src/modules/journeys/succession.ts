import { type SQL, sql } from 'drizzle-orm';

/**
 * The current school of every URN that has a successor on the register, following the GIAS links
 * (`school_links`): a 'Successor…' link from the old URN, or a 'Predecessor…' link from the new one,
 * both mean old → new. Chains are followed to their end (up to 10 steps, so a loop cannot run away);
 * a split school with several successors goes to the lowest successor URN. A URN without a successor
 * is its own current school.
 *
 * These are CTEs to follow `WITH RECURSIVE`; they define `succession(urn, current_urn)`.
 */
export const successionCtes = sql`
  succession_edges AS (
    SELECT DISTINCT ON (from_urn) from_urn, to_urn FROM (
      SELECT urn AS from_urn, linked_urn AS to_urn FROM school_links WHERE link_type ILIKE 'successor%'
      UNION
      SELECT linked_urn AS from_urn, urn AS to_urn FROM school_links WHERE link_type ILIKE 'predecessor%'
    ) e
    WHERE from_urn <> to_urn
    ORDER BY from_urn, to_urn
  ),
  succession_walk (urn, current_urn, depth) AS (
    SELECT from_urn, to_urn, 1 FROM succession_edges
    UNION ALL
    SELECT w.urn, e.to_urn, w.depth + 1
    FROM succession_walk w JOIN succession_edges e ON e.from_urn = w.current_urn
    WHERE w.depth < 10
  ),
  succession AS (
    SELECT DISTINCT ON (urn) urn, current_urn FROM succession_walk ORDER BY urn, depth DESC
  )`;

/** The current school of a URN expression (needs `successionCtes`). */
export const currentUrnSql = (urn: SQL) =>
  sql`coalesce((SELECT sc.current_urn FROM succession sc WHERE sc.urn = ${urn}), ${urn})`;

/** A list of integers as one `int[]` parameter (drizzle would spread a JS array into a list). */
export const intArray = (values: readonly number[]) =>
  sql`${`{${values.map((v) => Math.trunc(v)).join(',')}}`}::int[]`;

/** A URN filter on an expression, or nothing when `urns` is undefined. */
export const urnFilter = (column: SQL, urns: readonly number[] | undefined) =>
  urns ? sql`AND ${column} = ANY(${intArray(urns)})` : sql``;
