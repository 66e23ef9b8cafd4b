import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { yearControlItems } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { tfmStages } from '../catalogue/labels.ts';
import { listHref, pageOf, paginationFor } from '../hubs/admin-lists.ts';
import { chooseHub, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { yearOptions } from '../hubs/year-options.ts';
import { schoolPhases } from '../schools/phases.ts';
import { type FunnelRow, programmeFunnels, tfmFunnels } from './funnels.ts';
import { nextStepNames, tfmStageNames, yearSlug } from './journey-rules.ts';
import { canViewHubJourneys } from './policy.ts';
import { type HubSchoolJourney, hubSchoolJourneys } from './ready-for-next-step.ts';
import { registerSchoolJourneyRoutes, stageText, yearParam } from './school-journey-routes.ts';

const PAGE_SIZE = 50;

const hubParam = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z0-9-]*$/)
  .catch('');

const schoolsQuery = z.object({
  hub: hubParam,
  year: yearParam,
  phase: z.enum(['', ...schoolPhases]).catch(''),
  stage: z.enum(['', 'none', ...tfmStages]).catch(''),
  engaged: z.enum(['', 'yes', 'no']).catch(''),
  ready: z.enum(['', 'yes']).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

const funnelsQuery = z.object({
  hub: hubParam,
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

function filterSchools(rows: HubSchoolJourney[], q: z.output<typeof schoolsQuery>): HubSchoolJourney[] {
  return rows.filter(
    (r) =>
      (!q.phase || r.phase === q.phase) &&
      (!q.stage || (q.stage === 'none' ? r.stage === null : r.stage === q.stage)) &&
      (!q.engaged || r.engaged === (q.engaged === 'yes')) &&
      (!q.ready || r.nextStep !== null),
  );
}

const schoolColumns = [
  { header: 'URN', value: (r: HubSchoolJourney) => r.urn },
  { header: 'School', value: (r: HubSchoolJourney) => r.name },
  { header: 'Phase', value: (r: HubSchoolJourney) => r.phase },
  { header: 'Local authority', value: (r: HubSchoolJourney) => r.laName },
  { header: 'Teaching for Mastery stage', value: (r: HubSchoolJourney) => stageText(r.stage) },
  {
    header: 'Taking part this year',
    value: (r: HubSchoolJourney) => (r.inProgress ? tfmStageNames[r.inProgress] : ''),
  },
  { header: 'Engaged', value: (r: HubSchoolJourney) => (r.engaged ? 'Yes' : 'No') },
  {
    header: 'Next step',
    value: (r: HubSchoolJourney) => (r.nextStep ? nextStepNames[r.nextStep.next] : ''),
  },
  { header: 'Reason', value: (r: HubSchoolJourney) => r.nextStep?.reason ?? '' },
];

const funnelColumns = [
  { header: 'Maths Hub', value: (r: FunnelRow) => r.hubName },
  { header: 'Year', value: (r: FunnelRow) => r.yearCode },
  { header: 'From', value: (r: FunnelRow) => r.from },
  { header: 'To (the year after)', value: (r: FunnelRow) => r.to },
  { header: 'Started', value: (r: FunnelRow) => r.started },
  { header: 'Moved on', value: (r: FunnelRow) => (r.noDataYet ? null : r.movedOn) },
  { header: 'Moved on (%)', value: (r: FunnelRow) => r.percent },
  { header: 'Note', value: (r: FunnelRow) => (r.noDataYet ? `No data yet for ${r.nextYearCode}` : '') },
];

/** School journeys (Teaching for Mastery stages), engagement, progression funnels. */
export function registerJourneyRoutes(app: FastifyInstance, services: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.myHub.schools,
    { config: { access: canViewHubJourneys }, schema: { querystring: schoolsQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(services.db, principal, q.hub);
      const asked = askForHub(reply, choice, {
        pageTitle: 'Schools in a hub’s area',
        action: paths.myHub.schools,
      });
      if (asked) return asked;
      const hub = choice.hub!;
      const rows = filterSchools(
        await hubSchoolJourneys(services.db, { hubId: hub.id, yearCode: q.year }),
        q,
      );
      if (q.format !== 'html') {
        return sendTable(reply, q.format, `${hub.slug}-schools-${yearSlug(q.year)}`, {
          name: `Schools ${q.year}`,
          columns: schoolColumns,
          rows,
        });
      }
      const linkQuery = {
        hub: hubSlugToKeep(principal, choice),
        year: yearSlug(q.year),
        phase: q.phase,
        stage: q.stage,
        engaged: q.engaged,
        ready: q.ready,
      };
      const page = pageOf(rows, q.page, PAGE_SIZE);
      return reply.render('modules/journeys/views/hub-schools.njk', {
        pageTitle: `Schools in ${hub.name}’s area`,
        hub,
        hubChoices: choice.options.length > 1 ? choice.options : [],
        query: { ...q, year: yearSlug(q.year) },
        yearCode: q.year,
        years: yearControlItems(await yearOptions(services.db)),
        page,
        rows: page.items.map((r) => ({
          ...r,
          stageName: stageText(r.stage),
          inProgressName: r.inProgress ? tfmStageNames[r.inProgress] : null,
          nextStepName: r.nextStep ? nextStepNames[r.nextStep.next] : null,
        })),
        pagination: paginationFor(paths.myHub.schools, linkQuery, page),
        csvHref: listHref(paths.myHub.schools, linkQuery, { format: 'csv' }),
        xlsxHref: listHref(paths.myHub.schools, linkQuery, { format: 'xlsx' }),
        phases: schoolPhases,
        stages: tfmStages.map((s) => ({ value: s, text: tfmStageNames[s] })),
        yearLink: (urn: number) => listHref(paths.myHub.school(urn), { year: yearSlug(q.year) }),
      });
    },
  );

  typed.get(
    paths.myHub.funnels,
    { config: { access: canViewHubJourneys }, schema: { querystring: funnelsQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(services.db, principal, q.hub);
      const { hub, options } = choice;
      const filter = hub ? { hubId: hub.id } : {};
      const [programme, tfm] = await Promise.all([
        programmeFunnels(services.db, filter),
        tfmFunnels(services.db, filter),
      ]);
      if (q.format !== 'html') {
        return sendTable(reply, q.format, `${hub?.slug ?? 'all-hubs'}-progression-funnels`, {
          name: 'Progression funnels',
          columns: funnelColumns,
          rows: [...programme, ...tfm],
        });
      }
      const linkQuery = { hub: hubSlugToKeep(principal, choice) };
      const withBars = (rows: FunnelRow[]) =>
        rows.map((r) => ({
          ...r,
          barWidth: r.percent === null ? 0 : Math.max(r.percent, r.movedOn ? 1 : 0),
        }));
      return reply.render('modules/journeys/views/funnels.njk', {
        pageTitle: hub ? `Progression funnels: ${hub.name}` : 'Progression funnels: every hub',
        hub,
        hubChoices: hubScopeOf(principal).kind === 'all' || options.length > 1 ? options : [],
        programme: withBars(programme),
        tfm: withBars(tfm),
        showHub: !hub,
        csvHref: listHref(paths.myHub.funnels, linkQuery, { format: 'csv' }),
        xlsxHref: listHref(paths.myHub.funnels, linkQuery, { format: 'xlsx' }),
      });
    },
  );

  registerSchoolJourneyRoutes(app, services);
}
