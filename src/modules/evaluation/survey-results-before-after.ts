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

/** The statement that pairs and groups (also run by the benchmark). */
export function beforeAfterSql(q: {
  ncpKey: string;
  yearCode: string;
  scope: ResultScope;
  groupBy: ResultGroup;
}): SQL {
  const g = groupColumn[q.groupBy];
  return sql`
    WITH paired AS (
      SELECT i.hub_id, i.activity_id, i.person_id, qn.key,
             max(a.value_number) FILTER (WHERE i.kind = 'participant_early') AS before,
             max(a.value_number) FILTER (WHERE i.kind = 'participant_summer') AS after
      FROM survey_answers a
      JOIN survey_invitations i ON i.id = a.invitation_id
      JOIN survey_questions qn ON qn.id = a.question_id
      JOIN survey_templates t ON t.id = i.template_id
      WHERE t.ncp_key = ${q.ncpKey} AND i.year_code = ${q.yearCode}
        AND i.kind IN ('participant_early', 'participant_summer') AND i.submitted_at IS NOT NULL
        AND qn.type = 'agreement' AND a.value_number IS NOT NULL
        AND ${scopeCondition(q.scope)}
      GROUP BY i.hub_id, i.activity_id, i.person_id, qn.key
    ), r AS (
      SELECT key, ${g} AS group_id, GROUPING(key) AS every_key, GROUPING(${g}) AS whole,
             count(*)::int AS pairs, count(DISTINCT (activity_id, person_id))::int AS participants,
             avg(before)::float8 AS mean_before, avg(after)::float8 AS mean_after,
             avg(after - before)::float8 AS mean_change,
             avg(CASE WHEN after > before THEN 1 ELSE 0 END)::float8 AS improved_share
      FROM paired
      WHERE before IS NOT NULL AND after IS NOT NULL
      GROUP BY GROUPING SETS ((key, ${g}), (key), (${g}), ())
      HAVING count(*) > 0
    )
    SELECT CASE WHEN r.every_key = 1 THEN NULL ELSE r.key END AS key,
           CASE WHEN r.whole = 1 THEN NULL ELSE r.group_id END AS group_id,
           CASE WHEN r.whole = 1 THEN NULL ELSE ${labelOf[q.groupBy]} END AS group_label,
           r.pairs, r.participants, r.mean_before, r.mean_after, r.mean_change, r.improved_share
    FROM r`;
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
  const { rows } = await db.execute<Row>(beforeAfterSql(q));
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
