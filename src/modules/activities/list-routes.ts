import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dataVersionsOf } from '../../platform/data-versions.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { catalogueStatus } from '../catalogue/publication.ts';
import { pageOf } from '../hubs/admin-lists.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { activityColumns } from './export-columns.ts';
import { yearFromParam, yearParam } from './forms.ts';
import { filterActivities, latestActivityYear, listActivities } from './list-activities.ts';
import { canManageHubActivities, canViewHubActivities } from './policy.ts';
import { listQuery } from './route-params.ts';
import { activityListView } from './view-models.ts';

const pageSize = 50;

/** A hub's activities for a year: the page, filtered, and its CSV and Excel downloads. */
export function registerActivityListRoutes(app: FastifyInstance, { db }: Services): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      paths.myHub.activities,
      { config: { access: canViewHubActivities }, schema: { querystring: listQuery } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const q = request.query;
        const load = async () => {
          const choice = await chooseHub(db, principal, q.hub);
          const yearCode = yearFromParam(q.year) ?? currentAcademicYear();
          const all = choice.hub ? await listActivities(db, choice.hub.id, yearCode) : [];
          return { choice, yearCode, all, found: filterActivities(all, q) };
        };
        if (q.format !== 'html') {
          const { choice, yearCode, found } = await load();
          if (choice.hub) {
            return sendTable(
              reply,
              q.format as ExportFormat,
              `activities-${choice.hub.slug}-${yearParam(yearCode)}`,
              { name: `Activities ${yearCode}`, columns: activityColumns, rows: found },
            );
          }
        }
        // The page shows the chosen hub's records (the one named, or the person's own) and national ones.
        const versions = await dataVersionsOf(
          db,
          q.hub ? { hubSlug: q.hub } : { hubIds: hubIdsOf(principal, 'hub_leadership') },
        );
        return reply.renderCached(versions, async () => {
          const { choice, yearCode, all, found } = await load();
          // A year with no activities for the hub: point to the latest year that has some.
          const latestYear = choice.hub && !all.length ? await latestActivityYear(db, choice.hub.id) : null;
          const canPlan = !!choice.hub && canManageHubActivities(principal, choice.hub.id);
          // Last year's continuing activities can be copied into a year whose catalogue is published.
          const published = canPlan && (await catalogueStatus(db, yearCode)).status === 'published';
          return [
            'modules/activities/views/activities.njk',
            {
              ...activityListView({
                choice,
                yearCode,
                years: await yearOptions(db),
                query: q,
                all,
                shown: pageOf(found, q.page, pageSize),
                latestYear,
                canPlan,
              }),
              continueHref: published
                ? withQuery(paths.myHub.continueActivities, { hub: q.hub, year: yearParam(yearCode) })
                : null,
            },
          ];
        });
      },
    );
}
