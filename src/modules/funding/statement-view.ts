import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import { yearParam } from '../activities/forms.ts';
import { latestActivityYear } from '../activities/list-activities.ts';
import { pageOf } from '../hubs/admin-lists.ts';
import type { HubChoice } from '../hubs/choose-hub.ts';
import { countsText } from './export-columns.ts';
import { hubYearView, pageSize, type StatementQuery } from './funding-params.ts';
import { fundingSourceNames, fundingSources, grantRuleKindNames } from './grant-rules.ts';
import { formatPence } from './money.ts';
import { rulesForYear } from './rules-for-year.ts';
import { revisionLines, type StatementLineView, type YearStatement } from './sync-statement.ts';

/** One stored revision of one of this hub's statements with its lines (what was stated at that moment). */
export async function revisionViewOf(db: Executor, statement: YearStatement | null, revisionId?: number) {
  if (!revisionId) return null;
  const shown = statement?.statements
    .flatMap((st) => st.revisions.map((r) => ({ ...r, statementNumber: st.number })))
    .find((r) => r.id === revisionId);
  if (!shown) throw new NotFoundError('There is no such revision of this statement');
  return { ...shown, lines: await revisionLines(db, shown.id) };
}

/** The statement's lines the filters keep (one funding source, one NCP). */
export const filteredLines = (statement: YearStatement | null, q: StatementQuery): StatementLineView[] =>
  (statement?.lines ?? []).filter(
    (l) => (!q.source || l.source === q.source) && (!q.ncp || l.ncpCode === q.ncp),
  );

/** The expectations of activities paid by the hub's role, with the roles the NCP's rule names. */
async function roleChecksOf(db: Executor, statement: YearStatement | null, yearCode: string) {
  const roleRules = [...(await rulesForYear(db, yearCode))].flatMap(([code, rules]) =>
    rules.flatMap((r) => (r.kind === 'grant_by_role' ? [{ code, roles: r.roles }] : [])),
  );
  return (statement?.checks ?? [])
    .filter((c) => c.ruleKind === 'grant_by_role' && c.activityId)
    .map((c) => ({ ...c, roles: roleRules.find((r) => r.code === c.ncpCode)?.roles ?? [] }));
}

/** A year in which the hub has no activities: the latest year that has some, to point to. */
async function latestYearLink(db: Executor, hub: { id: number } | null, lines: number, slug?: string) {
  if (!hub || lines > 0) return null;
  const latest = await latestActivityYear(db, hub.id);
  return latest
    ? { code: latest, href: withQuery(paths.funding.statement, { hub: slug, year: yearParam(latest) }) }
    : null;
}

/** What the grant statement page shows. */
export async function statementView(
  db: Executor,
  page: {
    choice: HubChoice;
    yearCode: string;
    query: StatementQuery;
    statement: YearStatement | null;
    revisionView: Awaited<ReturnType<typeof revisionViewOf>>;
    found: StatementLineView[];
    canClose: boolean;
  },
) {
  const { choice, yearCode, query: q, statement, found } = page;
  const linkQuery = { hub: q.hub, year: yearParam(yearCode), source: q.source, ncp: q.ncp };
  const { page: current, lastPage, items } = pageOf(found, q.page, pageSize);
  const allLines = statement?.lines ?? [];
  const bySource = fundingSources
    .map((s) => ({
      source: s,
      name: fundingSourceNames[s],
      amountPence: allLines.filter((l) => l.source === s).reduce((n, l) => n + l.amountPence, 0),
    }))
    .filter((s) => s.amountPence !== 0);
  return {
    pageTitle: choice.hub ? `Grant statement of ${choice.hub.name} for ${yearCode}` : 'Grant statement',
    ...(await hubYearView(db, choice, yearCode)),
    query: q,
    statement,
    revisionView: page.revisionView,
    lines: items,
    total: found.length,
    bySource,
    roleChecks: await roleChecksOf(db, statement, yearCode),
    sourceNames: fundingSourceNames,
    kindNames: grantRuleKindNames,
    sourceItems: [
      { value: '', text: 'All sources' },
      ...fundingSources.map((s) => ({ value: s, text: fundingSourceNames[s] })),
    ],
    ncpItems: [
      { value: '', text: 'All projects' },
      ...[...new Set(allLines.map((l) => l.ncpCode))].map((c) => ({ value: c, text: c })),
    ],
    countsText,
    formatPence,
    pagination: pagination(current, lastPage, (n) =>
      withQuery(paths.funding.statement, { ...linkQuery, page: n }),
    ),
    csvHref: withQuery(paths.funding.statement, { ...linkQuery, format: 'csv' }),
    xlsxHref: withQuery(paths.funding.statement, { ...linkQuery, format: 'xlsx' }),
    claimsHref: withQuery(paths.funding.claims, { hub: q.hub, year: yearParam(yearCode) }),
    canClose: page.canClose,
    latestYear: await latestYearLink(db, choice.hub, allLines.length, q.hub),
  };
}
