import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { academicYearParam, idParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { currentAcademicYear, hubBySlug } from './choose-hub.ts';
import { yearFromParam } from './forms.ts';
import { getActivity } from './get-activity.ts';
import { summariseActivities } from './list-activities.ts';
import { canOpenActivities, canViewHub, canViewHubActivities } from './policy.ts';
import { activityKinds, activityStatuses, participationStatuses, sessionKinds } from './schema.ts';

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

const activityDetails = z.object({
  id: z.number().int(),
  hub: z.object({ slug: z.string(), name: z.string() }),
  ncp: z.object({ code: z.string(), title: z.string(), yearCode: z.string() }),
  title: z.string(),
  kind: z.enum(activityKinds),
  status: z.enum(activityStatuses),
  yearCode: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
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
      if (!hub || !canViewHub(principal, hub.id)) throw new NotFoundError('There is no such hub');
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
        params: z.object({ id: idParam }),
        response: { 200: activityDetails },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const d = await getActivity(db, principal, request.params.id);
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
    },
  );
}
