import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hasHubScope, hubScopeOf, inHubScope } from '../../platform/hub-scope.ts';
import { pageNumber } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listHref, pageOf, paginationFor, sortLinks, sortRows } from '../hubs/admin-lists.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearFromSlug, yearSlug } from '../journeys/journey-rules.ts';
import { type HappiListRow, happiColumns, listHappiForms } from './happi-list.ts';
import { happiDeadlines, happiStates, stateName } from './happi-rules.ts';
import { canViewNcpEvaluation, inEvaluationScope, ncpScopeOf } from './policy.ts';
import { ncpKeyOf } from './survey-schema.ts';

const PAGE_SIZE = 50;
const sorts = ['hub', 'ncp', 'activity', 'state', 'updated'] as const;
type Sort = (typeof sorts)[number];
const sortKeys: Record<Sort, (r: HappiListRow) => string | number | null> = {
  hub: (r) => r.hubName,
  ncp: (r) => r.ncpCode,
  activity: (r) => r.activityTitle,
  state: (r) => happiStates.indexOf(r.state),
  updated: (r) => r.updatedAt?.getTime() ?? null,
};

const listQuery = z.object({
  year: z.string().trim().max(12).optional().catch(undefined),
  hub: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9-]*$/)
    .catch(''),
  ncp: z
    .string()
    .trim()
    .max(20)
    .regex(/^[A-Za-z0-9-]*$/)
    .catch(''),
  state: z.enum(['', ...happiStates]).catch(''),
  sort: z.enum(sorts).catch('hub'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: pageNumber(),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/**
 * Every HAPPI form per NCP across hubs (the national team), or of their hubs (hub leadership): filtered
 * by year (the one year control), state, hub and NCP, sorted, paged, and downloaded as CSV or Excel.
 */
export function registerHappiListRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.evaluation.happi.list,
      { config: { access: canViewNcpEvaluation }, schema: { querystring: listQuery } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const q = request.query;
        const yearCode = (q.year ? yearFromSlug(q.year) : null) ?? currentAcademicYear();
        // The hub scope's forms, and every hub's forms of the NCPs whose team `principal` is in.
        const scope = hubScopeOf(principal);
        const ownNcps = ncpScopeOf(principal);
        if (q.ncp && !hasHubScope(scope) && !ownNcps.includes(ncpKeyOf(q.ncp)))
          throw new NotFoundError('There is no such NCP');
        const [listed, years] = await Promise.all([
          listHappiForms(db, { scope: ownNcps.length ? { kind: 'all' } : scope, yearCode }),
          yearOptions(db),
        ]);
        const all = ownNcps.length ? listed.filter((r) => inEvaluationScope(scope, ownNcps, r)) : listed;
        const rows = sortRows(
          all.filter(
            (r) =>
              (!q.hub || r.hubSlug === q.hub) &&
              (!q.ncp || r.ncpCode === q.ncp) &&
              (!q.state || r.state === q.state),
          ),
          sortKeys[q.sort],
          q.order,
        );
        const fileName = `happi-forms-${yearSlug(yearCode)}`;
        if (q.format !== 'html')
          return sendTable(reply, q.format, fileName, {
            name: `HAPPI forms ${yearCode}`,
            columns: happiColumns(yearCode),
            rows,
          });
        const query = {
          year: yearSlug(yearCode),
          hub: q.hub,
          ncp: q.ncp,
          state: q.state,
          sort: q.sort,
          order: q.order,
        };
        const page = pageOf(rows, q.page, PAGE_SIZE);
        const unique = <T>(list: T[]) => [...new Set(list)];
        const hubs = unique(all.map((r) => `${r.hubSlug}\t${r.hubName}`)).map(
          (h) => h.split('\t') as [string, string],
        );
        const ncps = unique(all.map((r) => `${r.ncpCode}\t${r.ncpTitle}`))
          .sort()
          .map((n) => n.split('\t') as [string, string]);
        const withYear = years.includes(yearCode) ? years : [...years, yearCode].sort().reverse();
        return reply.render('modules/evaluation/views/happi-list.njk', {
          pageTitle: `HAPPI forms ${yearCode}`,
          yearCode,
          deadlines: happiDeadlines(yearCode),
          years: withYear.map((y) => ({ value: yearSlug(y), text: y })),
          yearValue: yearSlug(yearCode),
          query,
          hubItems: [{ value: '', text: 'Every hub' }, ...hubs.map(([value, text]) => ({ value, text }))],
          ncpItems: [
            { value: '', text: 'Every NCP' },
            ...ncps.map(([value, title]) => ({ value, text: `${value} ${title}` })),
          ],
          stateItems: [
            { value: '', text: 'Any state' },
            ...happiStates.map((s) => ({ value: s, text: stateName(s) })),
          ],
          // A form opens for those whose hub scope holds it; an NCP's own team read the list (and its downloads).
          rows: page.items.map((r) => ({ ...r, openable: inHubScope(scope, r.hubId) })),
          total: rows.length,
          page,
          pagination: paginationFor(paths.evaluation.happi.list, query, page),
          sortLinks: sortLinks(paths.evaluation.happi.list, query, sorts),
          csvHref: listHref(paths.evaluation.happi.list, query, { format: 'csv' }),
          xlsxHref: listHref(paths.evaluation.happi.list, query, { format: 'xlsx' }),
        });
      },
    );
}
