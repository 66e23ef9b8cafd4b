import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearParam } from '../activities/forms.ts';
import { sortLinks, sortRows } from '../hubs/admin-lists.ts';
import { hubColumns, ncpColumns } from './export-columns.ts';
import { hubSortColumns, nationalQuery, yearOf, yearView } from './funding-params.ts';
import { fundingSourceNames, fundingSources } from './grant-rules.ts';
import { formatPence } from './money.ts';
import { nationalFunding } from './national-funding.ts';
import { canViewNationalFunding } from './policy.ts';

/** The national team: every hub's grant, totals by NCP and source, what the AMSP owes. */
export function registerNationalFundingRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.funding.national,
      { config: { access: canViewNationalFunding }, schema: { querystring: nationalQuery } },
      async (request, reply) => {
        const yearCode = yearOf(request.query.year);
        const funding = await nationalFunding(db, yearCode);
        const { sort, order, format, table } = request.query;
        funding.hubs = sortRows(
          funding.hubs,
          sort === 'total' ? (h) => h.totalPence : sort === 'unmet' ? (h) => h.unmetChecks : (h) => h.name,
          order,
        );
        if (format !== 'html') {
          if (table === 'ncps')
            return sendTable(reply, format as ExportFormat, `funding-by-ncp-${yearParam(yearCode)}`, {
              name: `Funding by NCP ${yearCode}`,
              columns: ncpColumns,
              rows: funding.byNcp,
            });
          return sendTable(reply, format as ExportFormat, `funding-by-hub-${yearParam(yearCode)}`, {
            name: `Funding by hub ${yearCode}`,
            columns: hubColumns,
            rows: funding.hubs,
          });
        }
        const yq = { year: yearParam(yearCode) };
        return reply.render('modules/funding/views/national.njk', {
          pageTitle: `Funding in ${yearCode}`,
          ...(await yearView(db, yearCode)),
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
}
