import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { StaleEditError, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { fieldError, formState } from '../../platform/form-errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { academicYearParam, hubQuery, idParam, ncpCodeParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam, yearParam } from '../activities/forms.ts';
import { latestActivityYear } from '../activities/list-activities.ts';
import { loadActivity } from '../activities/load-activity.ts';
import { findNcp, ncpTitles } from '../catalogue/list-ncps.ts';
import { pageOf, sortLinks, sortRows } from '../hubs/admin-lists.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { registerFundingApiRoutes } from './api-routes.ts';
import { actionsFor, claimActionNames, claimStatusNames } from './claim-states.ts';
import { decideClaim } from './decide-claim.ts';
import {
  claimRoleNames,
  claimRoles,
  type FundingSource,
  fundingSourceNames,
  fundingSources,
  grantRuleKindNames,
} from './grant-rules.ts';
import { type ClaimRow, claimHistory, listClaims } from './list-claims.ts';
import { formatPence } from './money.ts';
import { nationalFunding } from './national-funding.ts';
import {
  canManageFunding,
  canSubmitClaimFor,
  canSubmitClaims,
  canViewFundingOf,
  canViewHubFunding,
  canViewNationalFunding,
} from './policy.ts';
import { refreshActivityStatement } from './refresh-statements.ts';
import { rulesForYear } from './rules-for-year.ts';
import { activityFundingRoles, claimStatuses, fundingClaims, grantRuleSets } from './schema.ts';
import { submitClaim } from './submit-claim.ts';
import { closeStatement, revisionLines, type StatementLineView, syncStatement } from './sync-statement.ts';
import { updateGrantRules } from './update-grant-rules.ts';

const pageSize = 100;
const COOKIE_BUDGET = 3000;
const formats = z.enum(['html', 'csv', 'xlsx']).catch('html');
const hubYearQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(7).optional().catch(undefined),
});
const statementQuery = hubYearQuery.extend({
  revision: idParam.optional().catch(undefined),
  source: z.enum(['', ...fundingSources]).catch(''),
  ncp: z.string().trim().max(30).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: formats,
});
const claimSortColumns = ['claim', 'hub', 'submitted', 'status', 'amount'] as const;
const claimSortKeys: Record<(typeof claimSortColumns)[number], (c: ClaimRow) => string | number | null> = {
  claim: (c) => c.id,
  hub: (c) => c.hubName,
  submitted: (c) => c.submittedAt.getTime(),
  status: (c) => claimStatusNames[c.status],
  amount: (c) => c.amountPence,
};
const hubSortColumns = ['name', 'total', 'unmet'] as const;
const claimsQuery = hubYearQuery.extend({
  sort: z.enum(claimSortColumns).catch('submitted'),
  order: z.enum(['asc', 'desc']).catch('desc'),
  status: z.enum(['', ...claimStatuses]).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: formats,
});
const claimParams = z.object({ claimId: idParam });
const rulesParams = z.object({ year: academicYearParam, ncpCode: ncpCodeParam });

const keep = (body: unknown) =>
  Object.keys((body ?? {}) as Record<string, unknown>).filter((k) => k !== '_csrf');
const hubItems = (choice: { options: { slug: string; name: string }[] }) => [
  { value: '', text: 'Choose a hub' },
  ...choice.options.map((h) => ({ value: h.slug, text: h.name })),
];
const yearOf = (param: string | undefined) => yearFromParam(param) ?? currentAcademicYear();
const countsText = (c: StatementLineView['counts']) =>
  [
    c.schools !== undefined ? `${c.schools} schools` : '',
    c.participants !== undefined ? `${c.participants} participants` : '',
    c.leads !== undefined ? `${c.leads} leads` : '',
    c.days !== undefined ? `${c.days} days` : '',
  ]
    .filter(Boolean)
    .join(', ');

const lineColumns = [
  { header: 'Statement', value: (l: StatementLineView) => l.statementNumber },
  { header: 'Activity', value: (l: StatementLineView) => l.activityTitle },
  { header: 'Activity ID', value: (l: StatementLineView) => l.activityId },
  { header: 'Claim ID', value: (l: StatementLineView) => l.claimId },
  { header: 'NCP', value: (l: StatementLineView) => l.ncpCode },
  { header: 'Rule', value: (l: StatementLineView) => l.ruleLabel },
  { header: 'Source', value: (l: StatementLineView) => fundingSourceNames[l.source] },
  { header: 'Paid to', value: (l: StatementLineView) => (l.payee === 'school' ? 'Schools' : 'Hub') },
  { header: 'Counts used', value: (l: StatementLineView) => countsText(l.counts) },
  { header: 'How', value: (l: StatementLineView) => l.explanation },
  { header: 'Adjustment', value: (l: StatementLineView) => (l.isAdjustment ? 'Yes' : 'No') },
  { header: 'Amount (pence)', value: (l: StatementLineView) => l.amountPence },
];

const claimColumns = [
  { header: 'Claim', value: (c: ClaimRow) => c.id },
  { header: 'Hub', value: (c: ClaimRow) => c.hubName },
  { header: 'Academic year', value: (c: ClaimRow) => c.yearCode },
  { header: 'NCP', value: (c: ClaimRow) => c.ncpCode },
  { header: 'Kind', value: (c: ClaimRow) => (c.kind === 'travel' ? 'Travel' : 'Day rate') },
  { header: 'Role', value: (c: ClaimRow) => (c.role ? claimRoleNames[c.role] : '') },
  { header: 'For', value: (c: ClaimRow) => c.claimantName },
  { header: 'Days', value: (c: ClaimRow) => c.days },
  { header: 'Rate (pence)', value: (c: ClaimRow) => c.ratePence },
  { header: 'Amount (pence)', value: (c: ClaimRow) => c.amountPence },
  { header: 'Description', value: (c: ClaimRow) => c.description },
  { header: 'Status', value: (c: ClaimRow) => claimStatusNames[c.status] },
  { header: 'Reason', value: (c: ClaimRow) => c.reason },
  { header: 'Submitted', value: (c: ClaimRow) => formatDate(c.submittedAt) },
];

/** Grant rules, hub grant statements, claims and the national team's totals. */
export function registerFundingRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  registerFundingApiRoutes(app, services);

  // A hub's grant statement for a year.
  const latestYearLink = async (hub: { id: number } | null, lines: number, slug: string | undefined) => {
    if (!hub || lines > 0) return null;
    const latest = await latestActivityYear(db, hub.id);
    return latest
      ? { code: latest, href: withQuery(paths.funding.statement, { hub: slug, year: yearParam(latest) }) }
      : null;
  };

  typed.get(
    paths.funding.statement,
    { config: { access: canViewHubFunding }, schema: { querystring: statementQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(db, principal, q.hub);
      const yearCode = yearOf(q.year);
      const statement = choice.hub ? await syncStatement(db, choice.hub.id, yearCode) : null;
      // One stored revision of one of this hub's statements: what was stated at that moment.
      const shownRevision = q.revision
        ? statement?.statements
            .flatMap((st) => st.revisions.map((r) => ({ ...r, statementNumber: st.number })))
            .find((r) => r.id === q.revision)
        : undefined;
      if (q.revision && !shownRevision)
        throw new NotFoundError('There is no such revision of this statement');
      const revisionView = shownRevision
        ? { ...shownRevision, lines: await revisionLines(db, shownRevision.id) }
        : null;
      const found = (statement?.lines ?? []).filter(
        (l) => (!q.source || l.source === q.source) && (!q.ncp || l.ncpCode === q.ncp),
      );
      const linkQuery = { hub: q.hub, year: yearParam(yearCode), source: q.source, ncp: q.ncp };
      if (q.format !== 'html' && choice.hub) {
        return sendTable(
          reply,
          q.format as ExportFormat,
          `grant-statement-${choice.hub.slug}-${yearParam(yearCode)}`,
          {
            name: `Grant statement ${yearCode}`,
            columns: lineColumns,
            rows: found,
          },
        );
      }
      const { page, lastPage, items: pageRows } = pageOf(found, q.page, pageSize);
      const bySource = fundingSources
        .map((s) => ({
          source: s,
          name: fundingSourceNames[s],
          amountPence: (statement?.lines ?? [])
            .filter((l) => l.source === s)
            .reduce((n, l) => n + l.amountPence, 0),
        }))
        .filter((s) => s.amountPence !== 0);
      const roleRules = [...(await rulesForYear(db, yearCode))].flatMap(([code, rules]) =>
        rules.flatMap((r) => (r.kind === 'grant_by_role' ? [{ code, roles: r.roles }] : [])),
      );
      const roleChecks = (statement?.checks ?? [])
        .filter((c) => c.ruleKind === 'grant_by_role' && c.activityId)
        .map((c) => ({
          ...c,
          roles: roleRules.find((r) => r.code === c.ncpCode)?.roles ?? [],
        }));
      return reply.render('modules/funding/views/statement.njk', {
        pageTitle: choice.hub ? `Grant statement of ${choice.hub.name} for ${yearCode}` : 'Grant statement',
        choice,
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        hubItems: hubItems(choice),
        query: q,
        statement,
        revisionView,
        lines: pageRows,
        total: found.length,
        bySource,
        roleChecks,
        sourceNames: fundingSourceNames,
        kindNames: grantRuleKindNames,
        sourceItems: [
          { value: '', text: 'All sources' },
          ...fundingSources.map((s) => ({ value: s, text: fundingSourceNames[s] })),
        ],
        ncpItems: [
          { value: '', text: 'All projects' },
          ...[...new Set((statement?.lines ?? []).map((l) => l.ncpCode))].map((c) => ({ value: c, text: c })),
        ],
        countsText,
        formatPence,
        pagination: pagination(page, lastPage, (n) =>
          withQuery(paths.funding.statement, { ...linkQuery, page: n }),
        ),
        csvHref: withQuery(paths.funding.statement, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.funding.statement, { ...linkQuery, format: 'xlsx' }),
        claimsHref: withQuery(paths.funding.claims, { hub: q.hub, year: yearParam(yearCode) }),
        canClose: !!choice.hub && canManageFunding(principal),
        // A year in which the hub has no activities: point to the latest year that has some.
        latestYear: await latestYearLink(choice.hub, statement?.lines.length ?? 0, q.hub),
      });
    },
  );

  // The national team closes the open statement for its period.
  typed.post(paths.funding.close, { config: { access: canManageFunding } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const yearCode = yearOf(body.year);
    const choice = body.hub ? await chooseHub(db, principal, body.hub) : null;
    const back = withQuery(paths.funding.statement, { hub: body.hub, year: yearParam(yearCode) });
    if (!choice?.hub) return reply.formErrors(back, formState([fieldError('hub', 'Choose a hub')], body, []));
    const number = Number(body.statement);
    const closed = await closeStatement(
      db,
      actorOf(principal),
      choice.hub.id,
      yearCode,
      Number.isInteger(number) && number > 0 ? number : undefined,
    );
    const last = closed.statements.filter((s) => s.status === 'closed').at(-1)!;
    reply.flash({
      kind: 'success',
      text: `Statement ${last.number} is closed at ${formatPence(last.totalPence)}`,
    });
    return reply.code(303).redirect(back);
  });

  // The national team records a hub's role for an activity paid by role (the China exchange).
  typed.post(paths.funding.role, { config: { access: canManageFunding } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = (request.body ?? {}) as Record<string, string>;
    const back = withQuery(paths.funding.statement, { hub: body.hub, year: body.year });
    const activityId = Number(body.activityId);
    const role = String(body.role ?? '').trim();
    if (!Number.isInteger(activityId) || activityId < 1 || !/^[a-z0-9_]{1,50}$/.test(role))
      return reply.formErrors(back, formState([fieldError('role', 'Choose the hub’s role')], body, []));
    const activity = (await loadActivity(db, activityId))?.activity;
    if (!activity) throw new NotFoundError('There is no such activity');
    await db.transaction(async (tx) => {
      await tx
        .insert(activityFundingRoles)
        .values({ activityId, role })
        .onConflictDoUpdate({ target: activityFundingRoles.activityId, set: { role } });
      await recordEvent(tx, actorOf(principal), {
        action: 'funding.role_recorded',
        subjectType: 'hub_activity',
        subjectId: activityId,
        hubId: activity.hubId,
        changes: { role },
      });
      await refreshActivityStatement(tx, actorOf(principal), activityId);
    });
    reply.flash({ kind: 'success', text: `The hub’s role for “${activity.title}” is recorded` });
    return reply.code(303).redirect(back);
  });

  // A hub's claims for a year.
  typed.get(
    paths.funding.claims,
    { config: { access: canViewHubFunding }, schema: { querystring: claimsQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(db, principal, q.hub);
      const yearCode = yearOf(q.year);
      const claims = sortRows(
        choice.hub
          ? await listClaims(db, { yearCode, hubId: choice.hub.id, status: q.status || undefined })
          : [],
        claimSortKeys[q.sort],
        q.order,
      );
      const linkQuery = {
        hub: q.hub,
        year: yearParam(yearCode),
        status: q.status,
        sort: q.sort,
        order: q.order,
      };
      if (q.format !== 'html' && choice.hub) {
        return sendTable(
          reply,
          q.format as ExportFormat,
          `claims-${choice.hub.slug}-${yearParam(yearCode)}`,
          {
            name: `Claims ${yearCode}`,
            columns: claimColumns,
            rows: claims,
          },
        );
      }
      const { page, lastPage, items: pageRows } = pageOf(claims, q.page, pageSize);
      return reply.render('modules/funding/views/claims.njk', {
        pageTitle: choice.hub ? `Claims of ${choice.hub.name} in ${yearCode}` : 'Claims',
        choice,
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        hubItems: hubItems(choice),
        query: q,
        claims: pageRows,
        total: claims.length,
        statusNames: claimStatusNames,
        roleNames: claimRoleNames,
        formatPence,
        national: false,
        statusItems: [
          { value: '', text: 'All statuses' },
          ...claimStatuses.map((s) => ({ value: s, text: claimStatusNames[s] })),
        ],
        sortLinks: sortLinks(paths.funding.claims, { ...linkQuery, hub: q.hub ?? '' }, claimSortColumns),
        pagination: pagination(page, lastPage, (n) =>
          withQuery(paths.funding.claims, { ...linkQuery, page: n }),
        ),
        csvHref: withQuery(paths.funding.claims, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.funding.claims, { ...linkQuery, format: 'xlsx' }),
        newHref: withQuery(paths.funding.newClaim, { hub: q.hub, year: yearParam(yearCode) }),
        canSubmit: !!choice.hub && canSubmitClaimFor(principal, choice.hub.id),
        statementHref: withQuery(paths.funding.statement, { hub: q.hub, year: yearParam(yearCode) }),
      });
    },
  );

  const claimableNcps = async (yearCode: string) =>
    [...(await rulesForYear(db, yearCode))]
      .filter(([, rules]) => rules.some((r) => r.kind === 'day_rate' || r.kind === 'travel_claimable'))
      .map(([code, rules]) => ({
        code,
        dayRates: rules.flatMap((r) =>
          r.kind === 'day_rate' ? [`${claimRoleNames[r.role]} ${formatPence(r.ratePence)} a day`] : [],
        ),
        travel: rules.some((r) => r.kind === 'travel_claimable'),
      }));

  // The form to submit a claim.
  typed.get(
    paths.funding.newClaim,
    { config: { access: canSubmitClaims }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const yearCode = yearOf(request.query.year);
      const ncpOptions = await claimableNcps(yearCode);
      const titles = ncpOptions.length ? await ncpTitles(db, yearCode) : [];
      return reply.render('modules/funding/views/new-claim.njk', {
        pageTitle: 'Submit a claim',
        choice,
        yearCode,
        yearParam: yearParam(yearCode),
        hubSlug: choice.hub?.slug ?? '',
        ncpItems: [
          { value: '', text: 'Choose a project' },
          ...ncpOptions.map((n) => ({
            value: n.code,
            text: `${n.code}: ${titles.find((t) => t.code === n.code)?.title ?? ''} (${[...n.dayRates, n.travel ? 'travel' : ''].filter(Boolean).join('; ')})`,
          })),
        ],
        roleItems: [
          { value: '', text: 'Choose a role' },
          ...claimRoles.map((r) => ({ value: r, text: claimRoleNames[r] })),
        ],
        backHref: withQuery(paths.funding.claims, { hub: request.query.hub, year: yearParam(yearCode) }),
      });
    },
  );

  typed.post(
    paths.funding.newClaim,
    { config: { access: canSubmitClaims }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const hubSlug = typeof body.hub === 'string' && body.hub ? body.hub : undefined;
      const yearCode = yearOf(typeof body.year === 'string' ? body.year : undefined);
      const formUrl = withQuery(paths.funding.newClaim, { hub: hubSlug, year: yearParam(yearCode) });
      const choice = await chooseHub(db, principal, hubSlug);
      try {
        if (!choice.hub || !canSubmitClaimFor(principal, choice.hub.id))
          throw new ValidationError([{ field: 'hub', message: 'Choose your hub' }]);
        const claim = await submitClaim(
          db,
          actorOf(principal),
          { hubId: choice.hub.id, yearCode, personId: principal.personId },
          body,
        );
        reply.flash({
          kind: 'success',
          text: `Claim ${claim.id} for ${formatPence(claim.amountPence)} is submitted`,
        });
        return reply
          .code(303)
          .redirect(withQuery(paths.funding.claims, { hub: hubSlug, year: yearParam(yearCode) }));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.formErrors(formUrl, formState(error.errors, body, keep(body)));
      }
    },
  );

  // The national team: every hub's grant, totals by NCP and source, what the AMSP owes.
  typed.get(
    paths.funding.national,
    {
      config: { access: canViewNationalFunding },
      schema: {
        querystring: hubYearQuery.extend({
          format: formats,
          table: z.enum(['hubs', 'ncps']).catch('hubs'),
          sort: z.enum(hubSortColumns).catch('name'),
          order: z.enum(['asc', 'desc']).catch('asc'),
        }),
      },
    },
    async (request, reply) => {
      const yearCode = yearOf(request.query.year);
      const funding = await nationalFunding(db, yearCode);
      const { sort, order } = request.query;
      funding.hubs = sortRows(
        funding.hubs,
        sort === 'total' ? (h) => h.totalPence : sort === 'unmet' ? (h) => h.unmetChecks : (h) => h.name,
        order,
      );
      type HubRow = (typeof funding.hubs)[number];
      type NcpRow = (typeof funding.byNcp)[number];
      if (request.query.format !== 'html') {
        const format = request.query.format as ExportFormat;
        if (request.query.table === 'ncps')
          return sendTable(reply, format, `funding-by-ncp-${yearParam(yearCode)}`, {
            name: `Funding by NCP ${yearCode}`,
            columns: [
              { header: 'NCP', value: (r: NcpRow) => r.ncpCode },
              ...fundingSources.map((s) => ({
                header: `${fundingSourceNames[s]} (pence)`,
                value: (r: NcpRow) => r.sources[s],
              })),
              { header: 'Total (pence)', value: (r: NcpRow) => r.totalPence },
            ],
            rows: funding.byNcp,
          });
        return sendTable(reply, format, `funding-by-hub-${yearParam(yearCode)}`, {
          name: `Funding by hub ${yearCode}`,
          columns: [
            { header: 'Hub', value: (h: HubRow) => h.name },
            ...fundingSources.map((s) => ({
              header: `${fundingSourceNames[s]} (pence)`,
              value: (h: HubRow) => h.bySource[s],
            })),
            { header: 'Total (pence)', value: (h: HubRow) => h.totalPence },
            { header: 'Expectations not met', value: (h: HubRow) => h.unmetChecks },
          ],
          rows: funding.hubs,
        });
      }
      const yq = { year: yearParam(yearCode) };
      return reply.render('modules/funding/views/national.njk', {
        pageTitle: `Funding in ${yearCode}`,
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        funding,
        sortLinks: sortLinks(paths.funding.national, { ...yq, sort, order }, hubSortColumns),
        sources: fundingSources.map((s) => ({ key: s, name: fundingSourceNames[s] })),
        formatPence,
        statementHref: (slug: string) => withQuery(paths.funding.statement, { hub: slug, ...yq }),
        csvHref: withQuery(paths.funding.national, { ...yq, format: 'csv' }),
        xlsxHref: withQuery(paths.funding.national, { ...yq, format: 'xlsx' }),
        ncpCsvHref: withQuery(paths.funding.national, { ...yq, format: 'csv', table: 'ncps' }),
        ncpXlsxHref: withQuery(paths.funding.national, { ...yq, format: 'xlsx', table: 'ncps' }),
        claimsHref: withQuery(paths.funding.allClaims, { ...yq, status: 'submitted' }),
        rulesHref: paths.funding.rules(yearParam(yearCode)),
      });
    },
  );

  // The national team: every hub's claims.
  typed.get(
    paths.funding.allClaims,
    { config: { access: canViewNationalFunding }, schema: { querystring: claimsQuery } },
    async (request, reply) => {
      const q = request.query;
      const yearCode = yearOf(q.year);
      const claims = sortRows(
        await listClaims(db, { yearCode, status: q.status || undefined }),
        claimSortKeys[q.sort],
        q.order,
      );
      const linkQuery = { year: yearParam(yearCode), status: q.status, sort: q.sort, order: q.order };
      if (q.format !== 'html') {
        return sendTable(reply, q.format as ExportFormat, `claims-${yearParam(yearCode)}`, {
          name: `Claims ${yearCode}`,
          columns: claimColumns,
          rows: claims,
        });
      }
      const { page, lastPage, items: pageRows } = pageOf(claims, q.page, pageSize);
      return reply.render('modules/funding/views/claims.njk', {
        pageTitle: `Claims in ${yearCode}`,
        choice: { hub: null, options: [] },
        national: true,
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        query: q,
        claims: pageRows,
        total: claims.length,
        statusNames: claimStatusNames,
        roleNames: claimRoleNames,
        formatPence,
        statusItems: [
          { value: '', text: 'All statuses' },
          ...claimStatuses.map((s) => ({ value: s, text: claimStatusNames[s] })),
        ],
        sortLinks: sortLinks(paths.funding.allClaims, linkQuery, claimSortColumns),
        pagination: pagination(page, lastPage, (n) =>
          withQuery(paths.funding.allClaims, { ...linkQuery, page: n }),
        ),
        csvHref: withQuery(paths.funding.allClaims, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.funding.allClaims, { ...linkQuery, format: 'xlsx' }),
        canSubmit: false,
      });
    },
  );

  const loadClaim = async (claimId: number) => {
    const [claim] = await db.select().from(fundingClaims).where(eq(fundingClaims.id, claimId));
    if (!claim) throw new NotFoundError('There is no such claim');
    return claim;
  };

  // A claim with its history; the national team decides it here.
  typed.get(
    paths.funding.claim(),
    { config: { access: canViewHubFunding }, schema: { params: claimParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const claim = await loadClaim(request.params.claimId);
      if (!canViewFundingOf(principal, claim.hubId)) throw new NotFoundError('There is no such claim');
      const [row] = (await listClaims(db, { yearCode: claim.yearCode, hubId: claim.hubId })).filter(
        (c) => c.id === claim.id,
      );
      return reply.render('modules/funding/views/claim.njk', {
        pageTitle: `Claim ${claim.id}`,
        claim: row,
        history: await claimHistory(db, claim.id),
        statusNames: claimStatusNames,
        roleNames: claimRoleNames,
        formatPence,
        actionItems: canManageFunding(principal)
          ? actionsFor(claim.status).map((a) => ({ value: a, text: claimActionNames[a] }))
          : [],
        backHref: canViewNationalFunding(principal)
          ? withQuery(paths.funding.allClaims, { year: yearParam(claim.yearCode) })
          : withQuery(paths.funding.claims, { year: yearParam(claim.yearCode) }),
      });
    },
  );

  typed.post(
    paths.funding.claim(),
    { config: { access: canManageFunding }, schema: { params: claimParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const url = paths.funding.claim(request.params.claimId);
      await loadClaim(request.params.claimId);
      try {
        const done = await decideClaim(db, actorOf(principal), request.params.claimId, body);
        reply.flash({
          kind: 'success',
          text: `Claim ${request.params.claimId} is ${claimStatusNames[done.status as 'paid'].toLowerCase()}`,
        });
        return reply.code(303).redirect(url);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.formErrors(url, formState(error.errors, body, keep(body)));
      }
    },
  );

  // The grant rules of a year, by NCP of its catalogue.
  typed.get(
    paths.funding.rules(),
    { config: { access: canViewNationalFunding }, schema: { params: z.object({ year: academicYearParam }) } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const yearCode = yearFromParam(request.params.year);
      if (!yearCode) throw new NotFoundError('There is no such academic year');
      const catalogue = await ncpTitles(db, yearCode);
      const rules = await rulesForYear(db, yearCode);
      return reply.render('modules/funding/views/rules.njk', {
        pageTitle: `Grant rules for ${yearCode}`,
        yearCode,
        ncps: catalogue.map((n) => ({
          ...n,
          rules: rules.get(n.code) ?? [],
          editHref: paths.funding.editRules(yearParam(yearCode), n.code),
        })),
        kindNames: grantRuleKindNames,
        sourceNames: fundingSourceNames,
        formatPence,
        canEdit: canManageFunding(principal),
      });
    },
  );

  const ruleSetFor = async (yearCode: string, code: string) => {
    const found = await findNcp(db, yearCode, code);
    if (!found) throw new NotFoundError(`There is no ${code} in the ${yearCode} catalogue`);
    const [set] = await db
      .select()
      .from(grantRuleSets)
      .where(and(eq(grantRuleSets.yearCode, yearCode), eq(grantRuleSets.ncpCode, code)));
    return {
      ncp: { code: found.code, title: found.title },
      rules: set?.rules ?? [],
      version: set?.version ?? 0,
    };
  };

  const renderEditRules = (
    reply: FastifyReply,
    yearCode: string,
    ncp: { code: string; title: string },
    text: string,
    extra: Record<string, unknown> = {},
  ) =>
    reply.render('modules/funding/views/edit-rules.njk', {
      pageTitle: `Grant rules of ${ncp.code}`,
      yearCode,
      ncp,
      text,
      action: paths.funding.editRules(yearParam(yearCode), ncp.code),
      backHref: paths.funding.rules(yearParam(yearCode)),
      kinds: Object.entries(grantRuleKindNames).map(([kind, name]) => ({ kind, name })),
      sources: fundingSources.map((s: FundingSource) => ({ key: s, name: fundingSourceNames[s] })),
      ...extra,
    });

  typed.get(
    paths.funding.editRules(),
    { config: { access: canManageFunding }, schema: { params: rulesParams } },
    async (request, reply) => {
      const yearCode = yearFromParam(request.params.year);
      if (!yearCode) throw new NotFoundError('There is no such academic year');
      const { ncp, rules, version } = await ruleSetFor(yearCode, request.params.ncpCode);
      return renderEditRules(reply, yearCode, ncp, JSON.stringify(rules, null, 2), { version });
    },
  );

  typed.post(
    paths.funding.editRules(),
    { config: { access: canManageFunding }, schema: { params: rulesParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const yearCode = yearFromParam(request.params.year);
      if (!yearCode) throw new NotFoundError('There is no such academic year');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = typeof body.rules === 'string' ? body.rules : '';
      const { ncp } = await ruleSetFor(yearCode, request.params.ncpCode);
      try {
        const version = versionFrom(body);
        const { changed } = await updateGrantRules(
          db,
          actorOf(principal),
          { year: yearCode, code: ncp.code },
          text,
          version,
        );
        reply.flash(
          changed
            ? { kind: 'success', text: `The grant rules of ${ncp.code} are saved` }
            : { kind: 'info', text: `You did not change the grant rules of ${ncp.code}` },
        );
        return reply.code(303).redirect(paths.funding.rules(yearParam(yearCode)));
      } catch (error) {
        if (error instanceof StaleEditError) {
          // Someone else saved since the form was made: their rules beside these, which are kept.
          const latest = await ruleSetFor(yearCode, ncp.code);
          const theirs = JSON.stringify(latest.rules, null, 2);
          let yours = text;
          try {
            yours = JSON.stringify(JSON.parse(text), null, 2);
          } catch {
            // Not JSON: shown as typed.
          }
          reply.code(409);
          return renderEditRules(reply, yearCode, ncp, text, {
            pageTitle: `Someone else changed the grant rules of ${ncp.code}`,
            version: latest.version,
            staleEdit: {
              noun: 'grant rules',
              subject: 'these grant rules',
              rows: staleEditRows([{ name: 'rules', label: 'Rules' }], { rules: theirs }, { rules: yours }),
              latestHref: paths.funding.editRules(yearParam(yearCode), ncp.code),
            },
          });
        }
        if (!(error instanceof ValidationError)) throw error;
        const errors = error.errors.map((e) => fieldError(e.field, e.message));
        const posted = typeof body.version === 'string' ? body.version : undefined;
        // Post/redirect/get while the input fits in a cookie; longer rules are shown again at once.
        if (JSON.stringify({ errors, text }).length <= COOKIE_BUDGET && text.length <= 500)
          return reply.formErrors(paths.funding.editRules(yearParam(yearCode), ncp.code), {
            errors,
            values: { rules: text, version: posted },
          });
        reply.code(400);
        return renderEditRules(reply, yearCode, ncp, text, { errors, version: posted });
      }
    },
  );
}
