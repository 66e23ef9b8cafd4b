import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendTable } from '../../platform/exports.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { demonstrationCatalogueNotice } from '../demo/demo-catalogues.ts';
import { catalogueExportColumns } from './catalogue-export.ts';
import { yearToSlug } from './catalogue-file.ts';
import { editOptions, groupByPhaseAndType } from './catalogue-views.ts';
import { participationNames } from './labels.ts';
import { countCatalogue, listNcps } from './list-ncps.ts';
import { canChangeCatalogue, canReadCatalogue } from './policy.ts';
import { catalogueStatus } from './publication.ts';
import { ncpPhases, ncpTypes, participationLevels } from './schema.ts';
import { yearOf, yearParams } from './year-param.ts';

const listQuery = z.object({
  phase: z.enum(['', ...ncpPhases]).catch(''),
  type: z.enum(['', ...ncpTypes]).catch(''),
  participation: z.enum(['', ...participationLevels]).catch(''),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

/** A year's catalogue: its NCPs by phase and type, filtered, and as a CSV or Excel download. */
export function registerCatalogueYearRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.catalogue.year(),
      { config: { access: canReadCatalogue }, schema: { params: yearParams, querystring: listQuery } },
      async (request, reply) => {
        const year = yearOf(request.params.year);
        const canChange = canChangeCatalogue(request.principal);
        const { status } = await catalogueStatus(db, year);
        const { phase, type, participation, format } = request.query;
        // A draft is the national team's until they publish it. A year without a catalogue (or with a
        // draft others may not see yet) is a page that says so, never "not found" (issue 14).
        if (status === 'none' || (status === 'draft' && !canChange)) {
          if (format !== 'html')
            return sendTable(reply, format, `ncp-catalogue-${yearToSlug(year)}`, {
              name: `NCPs ${year}`,
              columns: catalogueExportColumns,
              rows: [],
            });
          return reply.render('modules/catalogue/views/no-catalogue.njk', {
            pageTitle: `Network Collaborative Projects ${year}`,
            year,
            draft: status === 'draft',
            canChange,
          });
        }
        const all = await listNcps(db, year);
        const found = all.filter(
          (n) =>
            (!phase || n.phases.includes(phase)) &&
            (!type || n.type === type) &&
            (!participation || n.participation === participation),
        );
        if (format !== 'html') {
          return sendTable(reply, format, `ncp-catalogue-${yearToSlug(year)}`, {
            name: `NCPs ${year}`,
            columns: catalogueExportColumns,
            rows: found,
          });
        }
        const base = paths.catalogue.year(yearToSlug(year));
        const filters = { phase, type, participation };
        return reply.render('modules/catalogue/views/year.njk', {
          pageTitle: `Network Collaborative Projects ${year}`,
          year,
          demonstrationNotice: await demonstrationCatalogueNotice(db, year),
          total: countCatalogue(all),
          count: countCatalogue(found, all),
          filtered: found.length !== all.length,
          groups: groupByPhaseAndType(found, phase),
          query: request.query,
          options: editOptions,
          csvHref: withQuery(base, { ...filters, format: 'csv' }),
          xlsxHref: withQuery(base, { ...filters, format: 'xlsx' }),
          base,
          ncpHref: (code: string) => paths.catalogue.ncp(yearToSlug(year), code),
          participationNames,
          status,
          publishHref: canChange && status === 'draft' ? paths.catalogue.publish(yearToSlug(year)) : null,
        });
      },
    );
}
