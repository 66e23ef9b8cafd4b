import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { SurveyKind } from './survey-schema.ts';

/** Invited and answered, with the percentage against the handbook's aim of 100% completion. */
export interface Completion {
  invited: number;
  answered: number;
  /** Whole per cent answered (0 when nobody was invited). */
  percent: number;
}

const completionOf = (invited: number, answered: number): Completion => ({
  invited,
  answered,
  percent: invited ? Math.floor((answered * 100) / invited) : 0,
});

export interface ActivityCompletionRow extends Completion {
  activityId: number;
  title: string;
  hubId: number;
  hubName: string;
  ncpCode: string;
  kind: SurveyKind;
}

export interface CompletionSummary {
  activities: ActivityCompletionRow[];
  hubs: (Completion & { hubName: string; kind: SurveyKind })[];
  ncps: (Completion & { ncpCode: string; kind: SurveyKind })[];
  total: (Completion & { kind: SurveyKind })[];
}

const scopeSql = (scope: HubScope) =>
  scope.kind === 'all'
    ? sql`true`
    : scope.kind === 'none' || scope.hubIds.length === 0
      ? sql`false`
      : sql`i.hub_id IN (${sql.join(
          scope.hubIds.map((id) => sql`${id}`),
          sql`, `,
        )})`;

function rollUp<K extends string>(rows: ActivityCompletionRow[], keyOf: (r: ActivityCompletionRow) => K) {
  const totals = new Map<string, { key: K; kind: SurveyKind; invited: number; answered: number }>();
  for (const r of rows) {
    const key = `${keyOf(r)}\u0000${r.kind}`;
    const t = totals.get(key) ?? { key: keyOf(r), kind: r.kind, invited: 0, answered: 0 };
    t.invited += r.invited;
    t.answered += r.answered;
    totals.set(key, t);
  }
  return [...totals.values()].map((t) => ({
    key: t.key,
    kind: t.kind,
    ...completionOf(t.invited, t.answered),
  }));
}

/**
 * Survey completion of a year within a hub scope (the national team: every hub; hub leadership: their
 * hubs): per activity and kind, and rolled up per hub, per NCP and in all.
 */
export async function surveyCompletion(
  db: Executor,
  query: { yearCode: string; scope: HubScope },
): Promise<CompletionSummary> {
  const { rows } = await db.execute<Omit<ActivityCompletionRow, 'percent'>>(sql`
    SELECT i.activity_id AS "activityId", ha.title, i.hub_id AS "hubId", h.name AS "hubName", n.code AS "ncpCode",
      i.kind, count(*)::int AS invited, count(i.submitted_at)::int AS answered
    FROM survey_invitations i
    JOIN hub_activities ha ON ha.id = i.activity_id
    JOIN hubs h ON h.id = i.hub_id
    JOIN ncps n ON n.id = ha.ncp_id
    WHERE i.year_code = ${query.yearCode} AND ${scopeSql(query.scope)}
    GROUP BY i.activity_id, ha.title, i.hub_id, h.name, n.code, i.kind
    ORDER BY h.name, n.code, ha.title, i.kind`);
  const activities = rows.map((r) => ({ ...r, ...completionOf(r.invited, r.answered) }));
  return {
    activities,
    hubs: rollUp(activities, (r) => r.hubName).map(({ key, ...c }) => ({ hubName: key, ...c })),
    ncps: rollUp(activities, (r) => r.ncpCode)
      .map(({ key, ...c }) => ({ ncpCode: key, ...c }))
      .sort((a, b) => a.ncpCode.localeCompare(b.ncpCode)),
    total: rollUp(activities, () => 'all').map(({ key: _key, ...c }) => c),
  };
}

export type ToChase = {
  invitationId: number;
  personId: number;
  name: string;
  kind: SurveyKind;
  issuedAt: Date | string;
  remindedAt: Date | string | null;
  closesOn: string | null;
};

/**
 * One activity's surveys: completion per kind, and the people who have not answered (for its lead to
 * chase), with when they were last reminded.
 */
export async function activitySurveyCompletion(db: Executor, query: { activityId: number }) {
  const [byKind, toChase] = await readsAtOnce(db, [
    () =>
      db.execute<{ kind: SurveyKind; invited: number; answered: number; closesOn: string | null }>(sql`
      SELECT i.kind, count(*)::int AS invited, count(i.submitted_at)::int AS answered,
        max(w.closes_on)::text AS "closesOn"
      FROM survey_invitations i
      LEFT JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
      WHERE i.activity_id = ${query.activityId}
      GROUP BY i.kind ORDER BY i.kind`),
    () =>
      db.execute<ToChase>(sql`
      SELECT i.id AS "invitationId", i.person_id AS "personId", p.given_name || ' ' || p.family_name AS name,
        i.kind, i.issued_at AS "issuedAt", i.reminded_at AS "remindedAt", w.closes_on::text AS "closesOn"
      FROM survey_invitations i
      JOIN people p ON p.id = i.person_id
      LEFT JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
      WHERE i.activity_id = ${query.activityId} AND i.submitted_at IS NULL
      ORDER BY i.kind, p.family_name, p.given_name, i.id`),
  ]);
  return {
    kinds: byKind.rows.map((r) => ({
      kind: r.kind,
      closesOn: r.closesOn,
      ...completionOf(r.invited, r.answered),
    })),
    toChase: toChase.rows,
  };
}
