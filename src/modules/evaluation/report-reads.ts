import { asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { ReportScope } from './report-policy.ts';
import type { ReportContent } from './report-rules.ts';
import {
  type ActionStatus,
  evaluationReportActions,
  evaluationReportEvidence,
  evaluationReports,
  evaluationReportThemes,
} from './report-schema.ts';

export type ReportRow = typeof evaluationReports.$inferSelect;
export type ActionRow = typeof evaluationReportActions.$inferSelect;

export interface LoadedAction extends ActionRow {
  ownerName: string | null;
}
export interface LoadedReport {
  report: ReportRow & { hubName: string | null; ncpTitle: string | null };
  coauthors: { id: number; name: string }[];
  evidence: (typeof evaluationReportEvidence.$inferSelect)[];
  themes: (typeof evaluationReportThemes.$inferSelect & { actions: LoadedAction[] })[];
}

const idList = (ids: readonly number[]): SQL =>
  ids.length
    ? sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`NULL`;

/** The title of an NCP family: its latest catalogue entry. */
const ncpTitleSql = (key: SQL) => sql`(SELECT n.title FROM ncps n
  WHERE regexp_replace(n.code, '^NCP\\d\\d-', '') = ${key} ORDER BY n.year_code DESC LIMIT 1)`;

/** A report with everything on it, or null. */
export async function loadReport(db: Executor, reportId: number): Promise<LoadedReport | null> {
  const [report] = await db
    .select({
      row: evaluationReports,
      hubName: sql<string | null>`(SELECT h.name FROM hubs h WHERE h.id = ${evaluationReports.hubId})`,
      ncpTitle: sql<string | null>`${ncpTitleSql(sql`${evaluationReports.ncpKey}`)}`,
    })
    .from(evaluationReports)
    .where(eq(evaluationReports.id, reportId));
  if (!report) return null;
  const [coauthors, evidence, themes, actions] = await readsAtOnce(db, [
    () =>
      db.execute<{ id: number; name: string }>(sql`
      SELECT p.id, p.given_name || ' ' || p.family_name AS name
      FROM evaluation_report_coauthors c JOIN people p ON p.id = c.person_id
      WHERE c.report_id = ${reportId} ORDER BY p.family_name, p.given_name`),
    () =>
      db
        .select()
        .from(evaluationReportEvidence)
        .where(eq(evaluationReportEvidence.reportId, reportId))
        .orderBy(asc(evaluationReportEvidence.position)),
    () =>
      db
        .select()
        .from(evaluationReportThemes)
        .where(eq(evaluationReportThemes.reportId, reportId))
        .orderBy(asc(evaluationReportThemes.position)),
    () =>
      db
        .select({
          action: evaluationReportActions,
          ownerName: sql<string | null>`(SELECT p.given_name || ' ' || p.family_name FROM people p
          WHERE p.id = ${evaluationReportActions.ownerPersonId})`,
        })
        .from(evaluationReportActions)
        .where(eq(evaluationReportActions.reportId, reportId))
        .orderBy(asc(evaluationReportActions.position)),
  ]);
  return {
    report: { ...report.row, hubName: report.hubName, ncpTitle: report.ncpTitle },
    coauthors: coauthors.rows,
    evidence,
    themes: themes.map((t) => ({
      ...t,
      actions: actions
        .filter((a) => a.action.themeId === t.id)
        .map((a) => ({ ...a.action, ownerName: a.ownerName })),
    })),
  };
}

/** A loaded report's content, as the form and the rules read it. */
export function contentOf(loaded: LoadedReport): ReportContent {
  const r = loaded.report;
  return {
    title: r.title,
    yearCode: r.yearCode,
    ncpKey: r.ncpKey,
    researchQuestions: r.researchQuestions,
    context: r.context,
    activityAndData: r.activityAndData,
    conclusion: r.conclusion,
    themes: loaded.themes.map((t) => ({
      finding: t.finding,
      implications: t.actions.map((a) => ({
        text: a.implication,
        ownerPersonId: a.ownerPersonId,
        dueOn: a.dueOn,
      })),
    })),
    evidence: loaded.evidence.map((e) => ({ kind: e.kind, address: e.address, label: e.label })),
    coauthorPersonIds: loaded.coauthors.map((c) => c.id),
  };
}

/** Reports within a scope as a SQL condition on `r` (evaluation_reports). */
export function scopeSql(scope: ReportScope): SQL {
  if (scope.kind === 'all') return sql`true`;
  if (scope.kind === 'none') return sql`false`;
  return sql`(r.status = 'published' OR r.hub_id IN (${idList(scope.hubIds)}))`;
}

export interface ReportFilters {
  hubId?: number | null;
  ncpKey?: string | null;
  yearCode?: string | null;
}

const filterSql = (f: ReportFilters): SQL =>
  sql.join(
    [
      sql`true`,
      ...(f.hubId ? [sql`r.hub_id = ${f.hubId}`] : []),
      ...(f.ncpKey ? [sql`r.ncp_key = ${f.ncpKey}`] : []),
      ...(f.yearCode ? [sql`r.year_code = ${f.yearCode}`] : []),
    ],
    sql` AND `,
  );

export type ReportListItem = {
  id: number;
  title: string;
  hubName: string | null;
  ncpKey: string | null;
  ncpTitle: string | null;
  yearCode: string;
  status: string;
  publishedAt: Date | null;
  themes: number;
  openActions: number;
  doneActions: number;
};

/** The reports someone may read, newest year first, with filters. */
export async function listReports(
  db: Executor,
  scope: ReportScope,
  f: ReportFilters,
): Promise<ReportListItem[]> {
  const { rows } = await db.execute<ReportListItem>(sql`
    SELECT r.id, r.title, h.name AS "hubName", r.ncp_key AS "ncpKey", ${ncpTitleSql(sql`r.ncp_key`)} AS "ncpTitle",
      r.year_code AS "yearCode", r.status, r.published_at AS "publishedAt",
      (SELECT count(*)::int FROM evaluation_report_themes t WHERE t.report_id = r.id) AS themes,
      (SELECT count(*)::int FROM evaluation_report_actions a WHERE a.report_id = r.id AND a.status <> 'done') AS "openActions",
      (SELECT count(*)::int FROM evaluation_report_actions a WHERE a.report_id = r.id AND a.status = 'done') AS "doneActions"
    FROM evaluation_reports r LEFT JOIN hubs h ON h.id = r.hub_id
    WHERE ${scopeSql(scope)} AND ${filterSql(f)}
    ORDER BY r.year_code DESC, h.name NULLS FIRST, r.title, r.id
    LIMIT 500`);
  return rows;
}

export type ThemeMatch = {
  themeId: number;
  reportId: number;
  reportTitle: string;
  hubName: string | null;
  ncpKey: string | null;
  yearCode: string;
  status: string;
  finding: string;
  implications: string[];
  rank: number;
};

/**
 * Themes matching words (PostgreSQL full-text search in English, as typed in a search box: words,
 * "a phrase", -not, or) in their finding or any of their implications, within the reports someone may
 * read and the filters; best matches first.
 */
export async function searchThemes(
  db: Executor,
  scope: ReportScope,
  query: string,
  f: ReportFilters,
): Promise<ThemeMatch[]> {
  if (!query.trim()) return [];
  const { rows } = await db.execute<ThemeMatch>(sql`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS q)
    SELECT t.id AS "themeId", r.id AS "reportId", r.title AS "reportTitle", h.name AS "hubName",
      r.ncp_key AS "ncpKey", r.year_code AS "yearCode", r.status, t.finding,
      COALESCE((SELECT array_agg(a.implication ORDER BY a.position) FROM evaluation_report_actions a
        WHERE a.theme_id = t.id), '{}') AS implications,
      ts_rank(to_tsvector('english', t.finding), q.q)
        + COALESCE((SELECT max(ts_rank(to_tsvector('english', a.implication), q.q))
            FROM evaluation_report_actions a WHERE a.theme_id = t.id), 0) AS rank
    FROM q, evaluation_report_themes t
      JOIN evaluation_reports r ON r.id = t.report_id
      LEFT JOIN hubs h ON h.id = r.hub_id
    WHERE ${scopeSql(scope)} AND ${filterSql(f)}
      AND (to_tsvector('english', t.finding) @@ q.q
        OR EXISTS (SELECT 1 FROM evaluation_report_actions a
          WHERE a.theme_id = t.id AND to_tsvector('english', a.implication) @@ q.q))
    ORDER BY rank DESC, r.year_code DESC, t.id
    LIMIT 200`);
  return rows;
}

/** People who may own a report's actions: the hub's leadership and LLMEs, or the national team for an NCP's report. */
export async function ownerChoices(
  db: Executor,
  hubId: number | null,
): Promise<{ id: number; name: string }[]> {
  const roleCondition =
    hubId === null
      ? sql`ra.role IN ('national_admin', 'national_analyst')`
      : sql`ra.role IN ('hub_leadership', 'llme') AND ra.hub_id = ${hubId}`;
  const { rows } = await db.execute<{ id: number; name: string }>(sql`
    SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name AS name, p.family_name, p.given_name
    FROM role_assignments ra JOIN people p ON p.id = ra.person_id
    WHERE ${roleCondition} AND (ra.ends_on IS NULL OR ra.ends_on >= ${todayInEngland()})
      AND p.disabled_at IS NULL AND p.erased_at IS NULL
    ORDER BY p.family_name, p.given_name, p.id`);
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

/** The hub's LLMEs, who may be named as co-authors of its report. */
export async function coauthorChoices(
  db: Executor,
  hubId: number | null,
): Promise<{ id: number; name: string }[]> {
  if (hubId === null) return [];
  const { rows } = await db.execute<{ id: number; name: string }>(sql`
    SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name AS name, p.family_name, p.given_name
    FROM role_assignments ra JOIN people p ON p.id = ra.person_id
    WHERE ra.role = 'llme' AND ra.hub_id = ${hubId} AND (ra.ends_on IS NULL OR ra.ends_on >= ${todayInEngland()})
      AND p.disabled_at IS NULL AND p.erased_at IS NULL
    ORDER BY p.family_name, p.given_name, p.id`);
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

/** The hubs a writer may start a report for (all for national administrators), by name. */
export async function hubChoices(db: Executor, p: Principal): Promise<{ id: number; name: string }[]> {
  const ids = hubIdsOf(p, 'hub_leadership');
  const { rows } = await db.execute<{ id: number; name: string }>(sql`
    SELECT id, name FROM hubs WHERE ${isNationalAdmin(p) ? sql`true` : sql`id IN (${idList(ids)})`} ORDER BY name`);
  return rows;
}

/** Every hub by name (the national team's filter). */
export async function allHubs(db: Executor): Promise<{ id: number; name: string }[]> {
  const { rows } = await db.execute<{ id: number; name: string }>(
    sql`SELECT id, name FROM hubs ORDER BY name`,
  );
  return rows;
}

export async function yearChoices(db: Executor): Promise<string[]> {
  const { rows } = await db.execute<{ code: string }>(
    sql`SELECT code FROM academic_years ORDER BY code DESC`,
  );
  return rows.map((r) => r.code);
}

/** The NCP families of the catalogue (code without the year) with their latest title. */
export async function ncpChoices(db: Executor): Promise<{ key: string; title: string }[]> {
  const { rows } = await db.execute<{ key: string; title: string }>(sql`
    SELECT DISTINCT ON (k.key) k.key, k.title FROM (
      SELECT regexp_replace(code, '^NCP\\d\\d-', '') AS key, title, year_code FROM ncps) k
    ORDER BY k.key, k.year_code DESC`);
  return rows;
}

export type MyAction = {
  id: number;
  implication: string;
  finding: string;
  dueOn: string | null;
  status: ActionStatus;
  reportId: number;
  reportTitle: string;
  hubName: string | null;
  yearCode: string;
};

/** The actions someone owns from published reports: not done first (soonest due first), then done. */
export async function actionsOwnedBy(db: Executor, personId: number): Promise<MyAction[]> {
  const { rows } = await db.execute<MyAction>(sql`
    SELECT a.id, a.implication, t.finding, a.due_on AS "dueOn", a.status, r.id AS "reportId",
      r.title AS "reportTitle", h.name AS "hubName", r.year_code AS "yearCode"
    FROM evaluation_report_actions a
      JOIN evaluation_report_themes t ON t.id = a.theme_id
      JOIN evaluation_reports r ON r.id = a.report_id
      LEFT JOIN hubs h ON h.id = r.hub_id
    WHERE a.owner_person_id = ${personId} AND r.status = 'published'
    ORDER BY (a.status = 'done'), a.due_on NULLS LAST, a.id`);
  return rows;
}

/** One action with its theme and report, or null. */
export async function loadAction(db: Executor, actionId: number) {
  const [row] = await db
    .select({
      action: evaluationReportActions,
      finding: evaluationReportThemes.finding,
      report: {
        id: evaluationReports.id,
        title: evaluationReports.title,
        hubId: evaluationReports.hubId,
        status: evaluationReports.status,
        yearCode: evaluationReports.yearCode,
      },
      ownerName: sql<string | null>`(SELECT p.given_name || ' ' || p.family_name FROM people p
        WHERE p.id = ${evaluationReportActions.ownerPersonId})`,
    })
    .from(evaluationReportActions)
    .innerJoin(evaluationReportThemes, eq(evaluationReportThemes.id, evaluationReportActions.themeId))
    .innerJoin(evaluationReports, eq(evaluationReports.id, evaluationReportActions.reportId))
    .where(eq(evaluationReportActions.id, actionId));
  return row ? { ...row.action, finding: row.finding, report: row.report, ownerName: row.ownerName } : null;
}

/** Whether people hold these roles now (co-authors, owners): the ids among `ids` found in `choices`. */
export const outside = (ids: readonly number[], choices: readonly { id: number }[]) =>
  ids.filter((id) => !choices.some((c) => c.id === id));
