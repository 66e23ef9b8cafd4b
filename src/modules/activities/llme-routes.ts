import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { llmeColumns } from './export-columns.ts';
import { yearFromParam, yearParam } from './forms.ts';
import { llmeRoster } from './llme-roster.ts';
import { canViewHubActivities } from './policy.ts';
import { rosterQuery } from './route-params.ts';
import { llmeRosterView } from './view-models.ts';

/** A hub's LLME community: the page and its CSV and Excel downloads. */
export function registerLlmeRosterRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.myHub.llmes,
      { config: { access: canViewHubActivities }, schema: { querystring: rosterQuery } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const q = request.query;
        const choice = await chooseHub(db, principal, q.hub);
        const yearCode = yearFromParam(q.year) ?? currentAcademicYear();
        const roster = choice.hub ? await llmeRoster(db, choice.hub.id, yearCode) : null;
        if (q.format !== 'html' && choice.hub && roster) {
          return sendTable(
            reply,
            q.format as ExportFormat,
            `llmes-${choice.hub.slug}-${yearParam(yearCode)}`,
            {
              name: `LLMEs ${yearCode}`,
              columns: llmeColumns(yearCode),
              rows: roster.entries,
            },
          );
        }
        return reply.render(
          'modules/activities/views/llmes.njk',
          llmeRosterView({ choice, hubSlug: q.hub, yearCode, years: await yearOptions(db), roster }),
        );
      },
    );
}
