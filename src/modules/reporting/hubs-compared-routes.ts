import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendTable } from '../../platform/exports.ts';
import { yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listHref, sortLinks, sortRows } from '../hubs/admin-lists.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { hubsCompared } from './hubs-compared.ts';
import { comparisonColumns, comparisonExportColumns, comparisonSortKeys } from './hubs-compared-columns.ts';
import { canViewNationalReport } from './policy.ts';
import { chosenYear } from './report-years.ts';

const comparedQuery = z.object({
  // 2023-24 or 2023/24 (read by the one year parser in chosenYear).
  year: z.string().max(12).optional().catch(undefined),
  sort: z.enum(comparisonSortKeys).catch('name'),
  order: z.enum(['asc', 'desc']).optional().catch(undefined),
  // `dir` is taken for `order` (the spelling); the page's own links use `order`, as every list does.
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/**
 * The national team's comparison of the 40 hubs (issue 17): a year's figures of every hub side by side
 * with England's, sorted by any column with plain links (no JavaScript), and the same as CSV or Excel.
 * Made afresh on every request from the report's statements (no page cache).
 */
export function registerHubsComparedRoutes(app: FastifyInstance, services: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.reports.hubsCompared,
      { config: { access: canViewNationalReport }, schema: { querystring: comparedQuery } },
      async (request, reply) => {
        const q = { ...request.query, order: request.query.order ?? request.query.dir ?? 'asc' };
        const { yearCode, years, hasData } = await chosenYear(services, q.year);
        const compared = await hubsCompared(services.db, { yearCode });
        const column = comparisonColumns.find((c) => c.key === q.sort) ?? comparisonColumns[0]!;
        // Hubs with the same value keep the order of their names.
        const hubs = sortRows(compared.hubs, column.value, q.order);
        const rows = [...hubs, compared.england];
        if (q.format !== 'html')
          return sendTable(reply, q.format, `hubs-compared-${yearSlug(yearCode)}`, {
            name: `Hubs compared ${yearCode}`,
            columns: comparisonExportColumns,
            rows,
          });
        const query = { year: yearSlug(yearCode), sort: q.sort, order: q.order };
        const links = sortLinks(paths.reports.hubsCompared, query, comparisonSortKeys);
        return reply.render('modules/reporting/views/hubs-compared.njk', {
          pageTitle: `Hubs compared ${yearCode}`,
          yearCode,
          hasData,
          years: yearControlItems(years, yearCode),
          yearValue: yearSlug(yearCode),
          sortedBy: column.header,
          order: q.order,
          columns: comparisonColumns.map((c) => ({ ...c, link: links[c.key]! })),
          hubs: hubs.map((r) => ({
            row: r,
            href: listHref(paths.reports.hubDashboard, { hub: r.hub!.slug, year: yearSlug(yearCode) }),
            cells: comparisonColumns.slice(1).map((c) => c.show(r)),
          })),
          england: comparisonColumns.slice(1).map((c) => c.show(compared.england)),
          csvHref: listHref(paths.reports.hubsCompared, query, { format: 'csv' }),
          xlsxHref: listHref(paths.reports.hubsCompared, query, { format: 'xlsx' }),
          reportHref: listHref(paths.reports.annual, { year: yearSlug(yearCode) }),
        });
      },
    );
}
