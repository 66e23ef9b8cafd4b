import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { etagOf, StaleEditError, versionOfIfMatch } from '../../platform/edit-versions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { academicYearParam, idParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { yearFromParam } from './forms.ts';
import { getActivity } from './get-activity.ts';
import { summariseActivities } from './list-activities.ts';
import { activityFor } from './load-activity.ts';
import { canOpenActivities, canPlanActivities, canViewHubActivities } from './policy.ts';
import { activityKinds, activityStatuses, participationStatuses, sessionKinds } from './schema.ts';
import { updateActivity } from './update-activity.ts';

const activitySummary = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(activityKinds),
  status: z.enum(activityStatuses),
  yearCode: z.string(),
  ncpCode: z.string(),
  ncpTitle: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  schoolCount: z.number().int(),
  participantCount: z.number().int(),
  sessionCount: z.number().int(),
  attendanceRate: z.number().int().nullable().describe('Present marks as a percentage of all marks'),
});

export const activityDetails = z.object({
  id: z.number().int(),
  hub: z.object({ slug: z.string(), name: z.string() }),
  ncp: z.object({ code: z.string(), title: z.string(), yearCode: z.string() }),
  title: z.string(),
  kind: z.enum(activityKinds),
  status: z.enum(activityStatuses),
  yearCode: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  version: z
    .number()
    .int()
    .describe('The version of the activity (also its ETag): send it back in If-Match to change it'),
  leads: z.array(z.object({ personId: z.number().int(), name: z.string(), title: z.string() })),
  schools: z.array(
    z.object({ urn: z.number().int(), name: z.string().nullable(), status: z.enum(participationStatuses) }),
  ),
  participants: z.array(
    z.object({
      enrolmentId: z.number().int(),
      personId: z.number().int(),
      name: z.string(),
      schoolUrn: z.number().int().nullable().describe('The school when they enrolled'),
      status: z.enum(participationStatuses),
      sessionsPresent: z.number().int(),
      sessionsMarked: z.number().int(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(sessionKinds),
      title: z.string(),
      startsAt: z.string().describe('ISO 8601 date and time'),
      location: z.string().nullable(),
      marked: z.number().int(),
      present: z.number().int(),
    }),
  ),
});

const activityParams = z.object({ id: idParam });

/** A real calendar day as YYYY-MM-DD. */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD')
  .refine((v) => new Date(`${v}T12:00:00Z`).toISOString().slice(0, 10) === v, 'Enter a real date');

const refusedChange = z.object({
  error: z.string(),
  status: z.number().int(),
  version: z.number().int().nullable().optional().describe('The activity’s version now (412)'),
});

/** What the API may change of an activity; what is left out keeps its value. */
const activityChange = z
  .object({
    title: z.string().trim().min(1, 'Enter a title').max(200, 'The title must be 200 characters or fewer'),
    status: z.enum(activityStatuses),
    startsOn: isoDay,
    endsOn: isoDay,
  })
  .partial();

/** Hub activities through the API, scoped as the pages are. */
export function registerActivityApiRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.api.hubActivities(),
    {
      config: { access: canViewHubActivities },
      schema: {
        tags: ['Activities'],
        summary: 'A hub’s activities for an academic year, with counts and attendance',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        querystring: z.object({
          year: academicYearParam
            .optional()
            .describe('The academic year as 2023-24 (default: the current one)'),
        }),
        response: {
          200: z.object({
            hub: z.object({ slug: z.string(), name: z.string() }),
            year: z.string(),
            activities: z.array(activitySummary),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      if (!hub || !canSeeHub(principal, hub.id)) throw new NotFoundError('There is no such hub');
      const year = yearFromParam(request.query.year) ?? currentAcademicYear();
      const rows = await summariseActivities(db, { hubId: hub.id, yearCode: year });
      return {
        hub: { slug: hub.slug, name: hub.name },
        year,
        activities: rows.map(({ hubId: _h, leads: _l, presentCount: _p, markedCount: _m, ...rest }) => rest),
      };
    },
  );

  typed.get(
    paths.api.activity(),
    {
      config: { access: canOpenActivities },
      schema: {
        tags: ['Activities'],
        summary: 'An activity with its leads, schools, participants and sessions',
        security: [{ apiToken: [] }],
        params: activityParams,
        response: { 200: activityDetails },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const details = detailsOf(await getActivity(db, principal, request.params.id));
      reply.header('etag', etagOf(details.version));
      return details;
    },
  );

  typed.patch(
    paths.api.activity(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary:
          'Change an activity’s title, status or dates, from the version you read (If-Match: its ETag); 412 if it changed since, 428 without If-Match. An activity is completed only by closing it (POST /api/v1/activities/{id}/close): status completed is refused (422)',
        security: [{ apiToken: [] }],
        params: activityParams,
        headers: z.object({
          'if-match': z.string().max(100).optional().describe('The ETag of the activity as you read it'),
        }),
        body: activityChange,
        response: { 200: activityDetails, 412: refusedChange, 428: refusedChange },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      // Another hub's activity is not found, before anything else is said about it.
      const { activity } = await activityFor(db, principal, id, 'manage');
      const version = versionOfIfMatch(request.headers['if-match']);
      if (version === null) {
        return reply.code(428).send({
          error: 'Send the version you read in an If-Match header: the ETag of GET /api/v1/activities/{id}',
          status: 428,
        });
      }
      const change = request.body ?? {};
      try {
        await updateActivity(db, actorOf(principal), {
          activityId: id,
          title: change.title ?? activity.title,
          status: change.status ?? activity.status,
          startsOn: change.startsOn ?? activity.startsOn ?? '',
          endsOn: change.endsOn ?? activity.endsOn ?? '',
          version,
        });
      } catch (error) {
        if (!(error instanceof StaleEditError)) throw error;
        return reply.code(412).send({ error: error.message, status: 412, version: error.current });
      }
      const details = detailsOf(await getActivity(db, principal, id));
      reply.header('etag', etagOf(details.version));
      return details;
    },
  );
}

/** An activity as the API shows it. */
export function detailsOf(d: Awaited<ReturnType<typeof getActivity>>): z.input<typeof activityDetails> {
  return {
    id: d.activity.id,
    hub: { slug: d.hub.slug, name: d.hub.name },
    ncp: { code: d.ncp.code, title: d.ncp.title, yearCode: d.ncp.yearCode },
    title: d.activity.title,
    kind: d.activity.kind,
    status: d.activity.status,
    yearCode: d.activity.yearCode,
    startsOn: d.activity.startsOn,
    endsOn: d.activity.endsOn,
    version: d.activity.version,
    leads: d.leads.map((l) => ({ personId: l.personId, name: l.name, title: l.title })),
    schools: d.schools.map((s) => ({ urn: s.urn, name: s.name, status: s.status as 'registered' })),
    participants: d.participants.map((p) => ({
      enrolmentId: p.enrolmentId,
      personId: p.personId,
      name: p.name,
      schoolUrn: p.schoolUrn,
      status: p.status as 'registered',
      sessionsPresent: p.present,
      sessionsMarked: p.marked,
    })),
    sessions: d.sessions.map((s) => ({
      id: s.id,
      kind: s.kind as 'trg',
      title: s.title,
      startsAt: s.startsAt.toISOString(),
      location: s.location,
      marked: s.marked,
      present: s.present,
    })),
  };
}
