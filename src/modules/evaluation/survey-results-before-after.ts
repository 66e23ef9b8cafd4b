import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * Before/after: for the agreement statements asked with the same key in an NCP's early and summer
 * surveys of a year, each participant's change (only those who answered the statement in both), put
 * together per group (hub, activity or participant) and for the whole scope, per statement and over
 * every statement. One SQL statement: one pass over the answers, grouped in PostgreSQL.
 */

/** Whose answers are read: every hub's (the national team), one hub's (its leadership), one activity's (its lead). */
export type ResultScope =
  | { kind: 'all' }
  | { kind: 'hub'; hubId: number }
  | { kind: 'activity'; activityId: number };

/** What the rows are per: hubs side by side, a hub's activities, an activity's participants. */
export type ResultGroup = 'hub' | 'activity' | 'person';

export interface ChangeRow {
  /** The statement's key; null for every statement together. */
  key: string | null;
  /** The hub, activity or person; null for the whole scope (England, the hub, the activity). */
  groupId: number | null;
  groupLabel: string | null;
  /** Answers paired (a participant's statement answered early and in the summer). */
  pairs: number;
  participants: number;
  meanBefore: number;
  meanAfter: number;
  meanChange: number;
  /** The share of pairs whose answer went up, from 0 to 1. */
  improvedShare: number;
}

export const scopeCondition = (scope: ResultScope): SQL =>
  scope.kind === 'all'
    ? sql`true`
    : scope.kind === 'hub'
      ? sql`i.hub_id = ${scope.hubId}`
      : sql`i.activity_id = ${scope.activityId}`;

const groupColumn: Record<ResultGroup, SQL> = {
  hub: sql.raw('hub_id'),
  activity: sql.raw('activity_id'),
  person: sql.raw('person_id'),
};

const labelOf: Record<ResultGroup, SQL> = {
  hub: sql.raw('(SELECT h.name FROM hubs h WHERE h.id = r.group_id)'),
  activity: sql.raw('(SELECT a.title FROM hub_activities a WHERE a.id = r.group_id)'),
  person: sql.raw(`(SELECT p.given_name || ' ' || p.family_name FROM people p WHERE p.id = r.group_id)`),
};

/** The lowest bit of each of 21 three-bit slots. */
const FILLED = sql.raw(String([...Array(21).keys()].reduce((m, j) => m | (1n << BigInt(3 * j)), 0n)));

/**
 * The statement that pairs and groups (also run by the benchmark). The NCP's agreement statements are
 * numbered by key (0, 1, …); each submitted invitation's answers are packed into bits, three per
 * statement (an agreement is 1 to 5; 0 is no answer), 21 statements to a bigint (two packs: the first
 * 42 statements by key are compared), so that the answers
 * table is read once and grouped into one small row per invitation (not one per answer); early and
 * summer invitations of the same participant and activity are then paired, and each statement of
 * each pair unpacked to its before and after.
 */
export function beforeAfterSql(q: {
  ncpKey: string;
  yearCode: string;
  scope: ResultScope;
  groupBy: ResultGroup;
}): SQL {
  const g = groupColumn[q.groupBy];
  const invitations = sql`SELECT i.id FROM survey_invitations i JOIN survey_templates t ON t.id = i.template_id
    WHERE t.ncp_key = ${q.ncpKey} AND i.year_code = ${q.yearCode} AND ${scopeCondition(q.scope)}`;
  return sql`
    WITH statements AS (
      SELECT qn.id, k.n AS k
      FROM survey_questions qn
      JOIN survey_templates t ON t.id = qn.template_id
      JOIN (SELECT key, (row_number() OVER (ORDER BY key) - 1)::int AS n FROM (
              SELECT DISTINCT qn2.key FROM survey_questions qn2 JOIN survey_templates t2 ON t2.id = qn2.template_id
              WHERE t2.ncp_key = ${q.ncpKey} AND t2.kind IN ('participant_early', 'participant_summer')
                AND qn2.type = 'agreement') keys) k ON k.key = qn.key
      WHERE t.ncp_key = ${q.ncpKey} AND t.kind IN ('participant_early', 'participant_summer') AND qn.type = 'agreement'
        AND k.n < 42
    ), packed AS (
      -- Grouped by the invitation alone (one plain column hashes fastest), two packs of 21 statements.
      SELECT x.invitation_id, v.part, v.bits
      FROM (
        SELECT a.invitation_id,
               bit_or(CASE WHEN s.k < 21 THEN (a.value_number::int & 7)::bigint << (3 * s.k) END) AS bits0,
               bit_or(CASE WHEN s.k >= 21 THEN (a.value_number::int & 7)::bigint << (3 * (s.k - 21)) END) AS bits1
        FROM survey_answers a JOIN statements s ON s.id = a.question_id
        ${q.scope.kind === 'all' ? sql`` : sql`WHERE a.invitation_id IN (${invitations})`}
        GROUP BY a.invitation_id
      ) x
      CROSS JOIN LATERAL (VALUES (0, x.bits0), (1, x.bits1)) v(part, bits)
      WHERE v.bits IS NOT NULL
    ), pairs AS (
      SELECT i.hub_id, i.activity_id, i.person_id, p.part,
             max(p.bits) FILTER (WHERE i.kind = 'participant_early') AS early,
             max(p.bits) FILTER (WHERE i.kind = 'participant_summer') AS summer
      FROM packed p JOIN survey_invitations i ON i.id = p.invitation_id
      WHERE i.year_code = ${q.yearCode} AND i.submitted_at IS NOT NULL
        AND i.kind IN ('participant_early', 'participant_summer')
      GROUP BY i.hub_id, i.activity_id, i.person_id, p.part
      HAVING count(*) = 2
    ), base AS (
      -- Each statement of each pair unpacked, summed per statement and group (sums add up, so the
      -- statement's, the group's and the whole scope's figures are summed from these few rows).
      SELECT p.part * 21 + j AS k, p.${g} AS group_id, count(*) AS n,
             sum(((p.early >> (3 * j)) & 7)::int) AS sum_before, sum(((p.summer >> (3 * j)) & 7)::int) AS sum_after,
             count(*) FILTER (WHERE ((p.summer >> (3 * j)) & 7) > ((p.early >> (3 * j)) & 7)) AS improved
      FROM pairs p
      CROSS JOIN generate_series(0, 20) j
      WHERE ((p.early >> (3 * j)) & 7) > 0 AND ((p.summer >> (3 * j)) & 7) > 0
      GROUP BY 1, 2
    ), r AS (
      SELECT keys.key, b.group_id, GROUPING(keys.key) AS every_key, GROUPING(b.group_id) AS whole,
             sum(b.n)::int AS pairs,
             (sum(b.sum_before) / sum(b.n))::float8 AS mean_before, (sum(b.sum_after) / sum(b.n))::float8 AS mean_after,
             ((sum(b.sum_after) - sum(b.sum_before)) / sum(b.n))::float8 AS mean_change,
             (sum(b.improved) / sum(b.n))::float8 AS improved_share
      FROM base b
      JOIN (SELECT DISTINCT s.k, qn.key FROM statements s JOIN survey_questions qn ON qn.id = s.id) keys ON keys.k = b.k
      GROUP BY GROUPING SETS ((keys.key, b.group_id), (keys.key), (b.group_id), ())
      HAVING sum(b.n) > 0
    ), counted AS (
      -- Participants with a statement answered in both: a 3-bit slot filled in both packs.
      SELECT ${g} AS group_id, GROUPING(${g}) AS whole, count(DISTINCT (activity_id, person_id))::int AS participants
      FROM pairs p
      WHERE ((early | (early >> 1) | (early >> 2)) & (summer | (summer >> 1) | (summer >> 2)) & ${FILLED}::bigint) <> 0
      GROUP BY GROUPING SETS ((${g}), ())
    )
    SELECT CASE WHEN r.every_key = 1 THEN NULL ELSE r.key END AS key,
           CASE WHEN r.whole = 1 THEN NULL ELSE r.group_id END AS group_id,
           CASE WHEN r.whole = 1 THEN NULL ELSE ${labelOf[q.groupBy]} END AS group_label,
           r.pairs, CASE WHEN r.every_key = 1 THEN pp.participants ELSE r.pairs END AS participants,
           r.mean_before, r.mean_after, r.mean_change, r.improved_share
    FROM r LEFT JOIN counted pp ON pp.whole = r.whole AND pp.group_id IS NOT DISTINCT FROM r.group_id`;
}

interface Row extends Record<string, unknown> {
  key: string | null;
  group_id: number | null;
  group_label: string | null;
  pairs: number;
  participants: number;
  mean_before: number;
  mean_after: number;
  mean_change: number;
  improved_share: number;
}

/** The before/after rows of an NCP's year in a scope, per group and for the whole scope. */
export async function beforeAfter(
  db: Executor,
  q: { ncpKey: string; yearCode: string; scope: ResultScope; groupBy: ResultGroup },
): Promise<ChangeRow[]> {
  // JIT compiling costs more than this statement takes; its hash tables fit in 64 MB, not in 4.
  const { rows } = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
    return tx.execute<Row>(beforeAfterSql(q));
  });
  return rows
    .map((r) => ({
      key: r.key,
      groupId: r.group_id,
      groupLabel: r.group_label,
      pairs: r.pairs,
      participants: r.participants,
      meanBefore: r.mean_before,
      meanAfter: r.mean_after,
      meanChange: r.mean_change,
      improvedShare: r.improved_share,
    }))
    .sort(
      (a, b) =>
        (a.groupLabel ?? '').localeCompare(b.groupLabel ?? '') || (a.key ?? '').localeCompare(b.key ?? ''),
    );
}
