import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * Before/after: for the agreement statements asked with the same key in an NCP's early and summer
 * surveys of a year, each participant's change (only those who answered the statement in both), put
 * together per group (hub, activity or participant) and for the whole scope, per statement and over
 * every statement. PostgreSQL pairs the answers packed per invitation (one row per pair); the pairs'
 * statements are unpacked and summed here, which is several times quicker than unpacking them into
 * rows in SQL (bench/RESULTS.md).
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

/**
 * The statement that pairs (also explained by the benchmark). It reads each submitted invitation's
 * agreement answers packed three bits a statement by the statement's number (`survey_answer_packs`,
 * kept by triggers on the answers: one small row per invitation, not one per answer; the first 42
 * statements an NCP numbered are compared) and pairs each participant's early and summer invitations
 * of the same activity: one row per pair, each pack cut into three 21-bit parts of seven statements
 * (numbers JavaScript shifts exactly).
 */
export function beforeAfterSql(q: {
  ncpKey: string;
  yearCode: string;
  scope: ResultScope;
  groupBy: ResultGroup;
}): SQL {
  let column = 0;
  const parts = (pack: string) =>
    sql.raw(
      [0, 1, 2].map((k) => `((coalesce(${pack}, 0) >> ${21 * k}) & 2097151)::int AS p${++column}`).join(', '),
    );
  return sql`
    SELECT x.group_id AS p0, ${parts('early0')}, ${parts('early1')}, ${parts('summer0')}, ${parts('summer1')}
    FROM (
      SELECT i.${groupColumn[q.groupBy]} AS group_id,
             max(p.pack0) FILTER (WHERE i.kind = 'participant_early') AS early0,
             max(p.pack1) FILTER (WHERE i.kind = 'participant_early') AS early1,
             max(p.pack0) FILTER (WHERE i.kind = 'participant_summer') AS summer0,
             max(p.pack1) FILTER (WHERE i.kind = 'participant_summer') AS summer1
      FROM survey_invitations i
      JOIN survey_templates t ON t.id = i.template_id
      JOIN survey_answer_packs p ON p.invitation_id = i.id
      WHERE t.ncp_key = ${q.ncpKey} AND i.year_code = ${q.yearCode} AND i.submitted_at IS NOT NULL
        AND i.kind IN ('participant_early', 'participant_summer') AND ${scopeCondition(q.scope)}
      GROUP BY i.hub_id, i.activity_id, i.person_id
      HAVING count(*) = 2
    ) x`;
}

/** Sums that add up: a statement's, a group's and the whole scope's figures are summed from them. */
interface Sums {
  pairs: number;
  before: number;
  after: number;
  improved: number;
}
const noSums = (): Sums => ({ pairs: 0, before: 0, after: 0, improved: 0 });

/** The before/after rows of an NCP's year in a scope, per group and for the whole scope. */
export async function beforeAfter(
  db: Executor,
  q: { ncpKey: string; yearCode: string; scope: ResultScope; groupBy: ResultGroup },
): Promise<ChangeRow[]> {
  const statements = (
    await db.execute<{ n: number; key: string }>(
      sql`SELECT n, key FROM survey_statement_numbers WHERE ncp_key = ${q.ncpKey} AND n < 42 ORDER BY n`,
    )
  ).rows;
  if (statements.length === 0) return [];
  // Each pair as an array: the group, then 3 parts of each of early0, early1, summer0, summer1.
  const pairs = (await db.execute<Record<string, number>>(beforeAfterSql(q))).rows.map((r) => [
    r.p0!,
    r.p1!,
    r.p2!,
    r.p3!,
    r.p4!,
    r.p5!,
    r.p6!,
    r.p7!,
    r.p8!,
    r.p9!,
    r.p10!,
    r.p11!,
    r.p12!,
  ]);
  // Each statement's slot: which of the 6 parts of a kind holds it, and its shift there.
  const slots = statements.map((s) => {
    const part = s.n < 21 ? Math.floor(s.n / 7) : 3 + Math.floor((s.n - 21) / 7);
    return { key: s.key, early: 1 + part, summer: 7 + part, shift: 3 * (s.n % 7) };
  });
  // Sums per statement and group, in flat arrays (a pair's statements are summed here; the statement's,
  // the group's and the whole scope's figures are rolled up from them, since sums add up).
  const groupIndex = new Map<number, number>();
  const groupIds: number[] = [];
  const width = slots.length;
  let sums = {
    pairs: new Int32Array(0),
    before: new Int32Array(0),
    after: new Int32Array(0),
    improved: new Int32Array(0),
  };
  const grow = () => {
    const size = Math.max(64, groupIds.length * 2) * width;
    const bigger = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    sums = {
      pairs: bigger(sums.pairs),
      before: bigger(sums.before),
      after: bigger(sums.after),
      improved: bigger(sums.improved),
    };
  };
  const participants: number[] = [];
  for (const row of pairs) {
    let g = groupIndex.get(row[0]!);
    if (g === undefined) {
      g = groupIds.length;
      groupIndex.set(row[0]!, g);
      groupIds.push(row[0]!);
      participants.push(0);
      if (sums.pairs.length < groupIds.length * width) grow();
    }
    let paired = false;
    for (let k = 0; k < width; k++) {
      const slot = slots[k]!;
      const before = (row[slot.early]! >>> slot.shift) & 7;
      const after = (row[slot.summer]! >>> slot.shift) & 7;
      if (before === 0 || after === 0) continue;
      paired = true;
      const cell = g * width + k;
      sums.pairs[cell]! += 1;
      sums.before[cell]! += before;
      sums.after[cell]! += after;
      if (after > before) sums.improved[cell]! += 1;
    }
    if (paired) participants[g]! += 1;
  }
  const labels = await groupLabels(db, q.groupBy, groupIds);
  const rows: ChangeRow[] = [];
  const push = (key: string | null, groupId: number | null, c: Sums, people: number) => {
    if (c.pairs === 0) return;
    rows.push({
      key,
      groupId,
      groupLabel: groupId === null ? null : (labels.get(groupId) ?? null),
      pairs: c.pairs,
      participants: key === null ? people : c.pairs,
      meanBefore: c.before / c.pairs,
      meanAfter: c.after / c.pairs,
      meanChange: (c.after - c.before) / c.pairs,
      improvedShare: c.improved / c.pairs,
    });
  };
  const addTo = (c: Sums, cell: number) => {
    c.pairs += sums.pairs[cell]!;
    c.before += sums.before[cell]!;
    c.after += sums.after[cell]!;
    c.improved += sums.improved[cell]!;
  };
  const whole = noSums();
  const perKey = slots.map(() => noSums());
  groupIds.forEach((groupId, g) => {
    const perGroup = noSums();
    slots.forEach((slot, k) => {
      const c = noSums();
      addTo(c, g * width + k);
      addTo(perGroup, g * width + k);
      addTo(perKey[k]!, g * width + k);
      addTo(whole, g * width + k);
      push(slot.key, groupId, c, 0);
    });
    push(null, groupId, perGroup, participants[g]!);
  });
  for (const [k, slot] of slots.entries()) push(slot.key, null, perKey[k]!, 0);
  push(
    null,
    null,
    whole,
    participants.reduce((a, b) => a + b, 0),
  );
  return rows.sort(
    (a, b) =>
      (a.groupLabel ?? '').localeCompare(b.groupLabel ?? '') || (a.key ?? '').localeCompare(b.key ?? ''),
  );
}

/** The names of the hubs, activities or people the rows are per. */
async function groupLabels(db: Executor, groupBy: ResultGroup, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const { rows } = await db.execute<{ id: number; label: string }>(
    groupBy === 'hub'
      ? sql`SELECT id, name AS label FROM hubs WHERE id IN (${list})`
      : groupBy === 'activity'
        ? sql`SELECT id, title AS label FROM hub_activities WHERE id IN (${list})`
        : sql`SELECT id, given_name || ' ' || family_name AS label FROM people WHERE id IN (${list})`,
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}
