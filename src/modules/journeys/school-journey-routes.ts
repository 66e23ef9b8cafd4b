import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { academicYearOf, formatDate, todayInEngland } from '../../platform/dates.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { academicYearParam, idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { type TfmStage, tfmStages } from '../catalogue/labels.ts';
import { masteryReadinessCriteria } from '../catalogue/rules.ts';
import { targetedSupportOnJourney } from '../targeted-support/journey-view.ts';
import { schoolAdmissions } from './admit-school.ts';
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
import { recordSchoolCriteria } from './record-criteria.ts';
import { criteriaRecorded } from './school-eligibility.ts';

export const yearParam = z
  .string()
  .optional()
  .transform((v) => (v ? yearFromSlug(v) : null) ?? academicYearOf(todayInEngland()));

export const urnParams = z.object({ urn: idParam });

export const stageText = (stage: TfmStage | null) =>
  stage ? tfmStageNames[stage] : 'Not yet in Teaching for Mastery';

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

/**
 * The records of visits to the school (the evaluation module's list of the hub's visits, filtered to
 * the school), for those who see the hub's visits: its leadership and the national team.
 */
function visitsHref(principal: Principal | null, journey: SchoolJourney): string | null {
  if (!journey.hubSlug || !canSeeHub(principal, journey.hubId)) return null;
  const query = new URLSearchParams({ hub: journey.hubSlug, school: String(journey.school.urn) });
  return `${paths.evaluation.visits.hub}?${query}`;
}

/** A school's Teaching for Mastery journey: the hub's page, the school's own page, the criteria form and the API. */
export function registerSchoolJourneyRoutes(app: FastifyInstance, services: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

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
        visitsHref: visitsHref(request.principal, journey),
        nextStepLinks: await nextStepLinks(services.db, journey, request.principal),
        targetedSupport: await targetedSupportOnJourney(services.db, request.principal, {
          urns: journey.urns,
          urn: journey.school.urn,
          ownSchool: false,
        }),
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
        nextStepLinks: await nextStepLinks(services.db, journey, principal),
        targetedSupport: await targetedSupportOnJourney(services.db, principal, {
          urns: journey.urns,
          urn: journey.school.urn,
          ownSchool: true,
        }),
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
