import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { academicYearOf, formatDate, todayInEngland } from '../../platform/dates.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { sendTable } from '../../platform/exports.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf } from '../../platform/hub-scope.ts';
import { academicYearParam, idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { type TfmStage, tfmStages } from '../catalogue/labels.ts';
import { masteryReadinessCriteria } from '../catalogue/rules.ts';
import { listHref, pageOf, paginationFor } from '../hubs/admin-lists.ts';
import { chooseHub, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { yearOptions } from '../hubs/year-options.ts';
import { schoolPhases } from '../schools/phases.ts';
import { schoolAdmissions } from './admit-school.ts';
import { type FunnelRow, programmeFunnels, tfmFunnels } from './funnels.ts';
import { getSchoolJourney, type SchoolJourney } from './get-school-journey.ts';
import {
  masteringNumberNames,
  nextStepNames,
  tfmStageNames,
  yearFromSlug,
  yearSlug,
} from './journey-rules.ts';
import { nextStepLinks } from './next-step-links.ts';
import {
  canRecordSchoolCriteria,
  canRecordSomeSchoolCriteria,
  canSeeSchoolJourney,
  canViewHubJourneys,
  canViewOwnSchoolJourney,
  canViewSomeSchoolJourney,
  contactSchoolUrns,
} from './policy.ts';
import { type HubSchoolJourney, hubSchoolJourneys } from './ready-for-next-step.ts';
import { recordSchoolCriteria } from './record-criteria.ts';
import { criteriaRecorded } from './school-eligibility.ts';

const PAGE_SIZE = 50;

const yearParam = z
  .string()
  .optional()
  .transform((v) => (v ? yearFromSlug(v) : null) ?? academicYearOf(todayInEngland()));

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

const urnParams = z.object({ urn: idParam });

const stageText = (stage: TfmStage | null) =>
  stage ? tfmStageNames[stage] : 'Not yet in Teaching for Mastery';

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

/** The journey as the API and the pages give it (the same facts). */
function journeyView(journey: SchoolJourney) {
  return {
    ...journey,
    stageName: stageText(journey.stage),
    inProgressName: journey.inProgress ? tfmStageNames[journey.inProgress] : null,
    nextStepName: journey.nextStep ? nextStepNames[journey.nextStep.next] : null,
    years: journey.years.map((y) => ({
      ...y,
      slug: yearSlug(y.yearCode),
      stageName: stageText(y.stage),
      masteringNumberNames: y.masteringNumber.map((m) => masteringNumberNames[m]),
    })),
  };
}

async function loadJourney(services: Services, request: FastifyRequest, urn: number, yearCode: string) {
  const principal = requirePrincipal(request);
  const journey = await getSchoolJourney(services.db, { urn, yearCode });
  // Outside what they may see, a school's journey is "not found": the answer does not disclose it.
  if (!canSeeSchoolJourney(principal, journey)) throw new NotFoundError('There is no school with that URN');
  return journey;
}

const apiJourney = z.object({
  urn: z.number().int(),
  name: z.string(),
  currentUrn: z.number().int(),
  predecessorUrns: z.array(z.number().int()),
  hub: z.string().nullable(),
  yearCode: z.string(),
  stage: z.enum(tfmStages).nullable(),
  engaged: z.boolean(),
  nextStep: z.object({ next: z.string(), reason: z.string() }).nullable(),
  years: z.array(
    z.object({
      yearCode: z.string(),
      stage: z.enum(tfmStages).nullable(),
      engaged: z.boolean(),
      masteringNumber: z.array(z.enum(['reception_ks1', 'ks2', 'other'])),
      activities: z.array(
        z.object({
          activityId: z.number().int(),
          title: z.string(),
          ncpCode: z.string(),
          ncpTitle: z.string(),
          hubName: z.string(),
          schoolStatus: z.string().nullable(),
          participants: z.number().int(),
          sessions: z.number().int(),
          sessionsAttended: z.number().int(),
        }),
      ),
    }),
  ),
});

/**
 * What the journey page shows of eligibility: the Mastery Readiness criteria recorded (a form for those
 * who may record them) and the activities the school was admitted to by hub leadership's decision.
 */
async function eligibilityView(services: Services, journey: SchoolJourney, canRecord: boolean) {
  const met = await criteriaRecorded(services.db, journey.school.urn);
  const admissions = await schoolAdmissions(services.db, { urn: journey.school.urn });
  return {
    canRecord,
    action: paths.myHub.schoolCriteria(journey.school.urn),
    criteria: masteryReadinessCriteria.map((c) => ({
      value: c.code,
      text: c.reason,
      checked: met.includes(c.code),
    })),
    met: masteryReadinessCriteria.filter((c) => met.includes(c.code)).map((c) => c.reason),
    admissions: admissions.map((a) => ({
      ...a,
      admittedOn: formatDate(a.admittedAt),
      activityHref: paths.activity.show(a.activityId),
    })),
  };
}

const criteriaForm = z.object({
  // One box ticked comes as a text, several as a list, none as nothing.
  criteria: z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.string().max(100)).max(20)),
});

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
        years: (await yearOptions(services.db)).map((y) => ({ value: yearSlug(y), text: y })),
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
    paths.myHub.school(),
    {
      config: { access: canViewSomeSchoolJourney },
      schema: { params: urnParams, querystring: z.object({ year: yearParam }) },
    },
    async (request, reply) => {
      const journey = await loadJourney(services, request, request.params.urn, request.query.year);
      return reply.render('modules/journeys/views/school-journey.njk', {
        pageTitle: `${journey.school.name}: Teaching for Mastery journey`,
        journey: journeyView(journey),
        backHref: canViewHubJourneys(request.principal) ? paths.myHub.schools : null,
        nextStepLinks: await nextStepLinks(services.db, journey),
        eligibility: await eligibilityView(
          services,
          journey,
          canRecordSchoolCriteria(request.principal, journey),
        ),
      });
    },
  );

  typed.post(
    paths.myHub.schoolCriteria(),
    { config: { access: canRecordSomeSchoolCriteria }, schema: { params: urnParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const urn = request.params.urn;
      const journey = await loadJourney(services, request, urn, academicYearOf(todayInEngland()));
      if (!canRecordSchoolCriteria(principal, journey))
        throw new NotFoundError('There is no school with that URN');
      const formUrl = `${paths.myHub.school(urn)}#criteria`;
      return handleForm(
        reply,
        { formUrl, body: request.body, schema: criteriaForm, lists: ['criteria'] },
        async (input) => {
          const { changed } = await recordSchoolCriteria(services.db, actorOf(principal), {
            urn: journey.school.urn,
            criteria: input.criteria,
            hubId: journey.hubId,
          });
          return reply
            .flash({
              kind: changed ? 'success' : 'info',
              text: changed ? 'The Mastery Readiness criteria have been recorded' : 'Nothing was changed',
            })
            .code(303)
            .redirect(formUrl);
        },
      );
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

  typed.get(
    paths.my.school,
    {
      config: { access: canViewOwnSchoolJourney },
      schema: {
        querystring: z.object({
          year: yearParam,
          urn: idParam.optional().catch(undefined),
        }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const mine = contactSchoolUrns(principal);
      const urn = request.query.urn ?? mine[0]!;
      if (!mine.includes(urn)) throw new ForbiddenError('You can only see your own school’s journey');
      const journey = await loadJourney(services, request, urn, request.query.year);
      return reply.render('modules/journeys/views/school-journey.njk', {
        pageTitle: `Our Teaching for Mastery journey: ${journey.school.name}`,
        journey: journeyView(journey),
        ownSchool: true,
        nextStepLinks: await nextStepLinks(services.db, journey),
        otherSchools: mine.length > 1 ? mine : [],
        eligibility: await eligibilityView(services, journey, false),
      });
    },
  );

  typed.get(
    paths.api.schoolJourney(),
    {
      config: { access: canViewSomeSchoolJourney },
      schema: {
        tags: ['Journeys'],
        summary: 'A school’s Teaching for Mastery journey: stage, engagement and activities by year',
        security: [{ apiToken: [] }],
        params: urnParams,
        querystring: z.object({
          year: academicYearParam.optional(),
        }),
        response: { 200: apiJourney },
      },
    },
    async (request) => {
      const yearCode =
        (request.query.year && yearFromSlug(request.query.year)) || academicYearOf(todayInEngland());
      const j = await loadJourney(services, request, request.params.urn, yearCode);
      return {
        urn: j.requestedUrn,
        name: j.school.name,
        currentUrn: j.school.urn,
        predecessorUrns: j.predecessors.map((p) => p.urn),
        hub: j.hubName,
        yearCode: j.yearCode,
        stage: j.stage,
        engaged: j.engaged,
        nextStep: j.nextStep,
        years: j.years.map((y) => ({
          yearCode: y.yearCode,
          stage: y.stage,
          engaged: y.engaged,
          masteringNumber: y.masteringNumber,
          activities: y.activities.map((a) => ({
            activityId: a.activityId,
            title: a.title,
            ncpCode: a.ncpCode,
            ncpTitle: a.ncpTitle,
            hubName: a.hubName,
            schoolStatus: a.schoolStatus,
            participants: a.participants,
            sessions: a.sessions,
            sessionsAttended: a.sessionsAttended,
          })),
        })),
      };
    },
  );
}
