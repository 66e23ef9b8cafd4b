import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { academicYearParam, idParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { addActivityLead } from './add-activity-lead.ts';
import { addActivitySchool } from './add-activity-school.ts';
import { addSession } from './add-session.ts';
import { activityDetails, detailsOf, isoDay } from './api-routes.ts';
import { closeActivity, closeChecks, readyToClose } from './close-activity.ts';
import { yearFromParam } from './forms.ts';
import { getActivity } from './get-activity.ts';
import { getRegister } from './get-register.ts';
import { activityFor } from './load-activity.ts';
import { markRegister } from './mark-register.ts';
import { planActivity } from './plan-activity.ts';
import { canManageHubActivities, canOpenActivities, canPlanActivities } from './policy.ts';
import { registerParams } from './route-params.ts';
import { activityKinds, attendanceStatuses, sessionKinds } from './schema.ts';
import { yearCatalogue } from './year-catalogue.ts';

const activityParams = z.object({ id: idParam });

const refused = z.object({
  error: z.string(),
  status: z.number().int(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('Each problem, in the programme’s words'),
});

const planBody = z.object({
  year: academicYearParam.optional().describe('The academic year, as 2026-27 (default: the current one)'),
  ncpCode: z
    .string()
    .trim()
    .min(1)
    .max(30)
    .describe('The NCP of that year’s published catalogue, as NCP26-09'),
  kind: z.enum(activityKinds).describe('Must suit the NCP’s type (a Work Group NCP is run as a work_group)'),
  title: z.string().trim().min(1).max(200),
  startsOn: isoDay.describe('YYYY-MM-DD, in the academic year'),
  endsOn: isoDay.describe('YYYY-MM-DD, on or after the start'),
});

const schoolBody = z.object({
  urn: z.number().int().min(100000).max(999999).describe('The school’s URN'),
  justification: z
    .string()
    .max(1000)
    .optional()
    .describe(
      'The hub leadership’s reason for admitting a school that does not meet the NCP’s rules (recorded in the event log and on the school’s journey)',
    ),
  outOfAreaReason: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Why a school outside the hub’s area is added: required for such a school (422 without it), recorded in the event log and shown with the school on the activity',
    ),
});

const sessionBody = z.object({
  kind: z.enum(sessionKinds),
  title: z.string().trim().min(1).max(200),
  date: isoDay.describe('The day in England, YYYY-MM-DD'),
  time: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the start time, like 14:00')
    .describe('The start time in England, HH:MM'),
  location: z.string().trim().min(1).max(200).optional(),
});

const registerBody = z.object({
  marks: z
    .array(
      z.object({
        enrolmentId: z.number().int().positive(),
        status: z.enum(attendanceStatuses),
        joinedViaEnrolmentId: z
          .number()
          .int()
          .positive()
          .nullable()
          .optional()
          .describe('A participant who joined on the connection of another (their enrolment)'),
      }),
    )
    .max(1000)
    .describe('A mark for every participant enrolled (the whole register, as the page takes it)'),
});

/**
 * The year's writes a hub system makes (issue 13): planning an activity, adding a lead, adding a school (with the
 * NCP's eligibility rules), adding a session, taking a register and the year-end close. Each calls the
 * use case the pages call, with the pages' authorisation: another hub's record is not found.
 */
export function registerYearApiRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    paths.api.hubActivities(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary: 'Plan an activity of the hub under an NCP of a published catalogue',
        description:
          '201 with the activity. 422 if the year’s catalogue is not published, the NCP is not in it, the kind does not suit it or the dates are outside the year; 404 for another hub. ' +
          'A second phase of a two-year programme enrols those who registered for both years (and emails them).',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        body: planBody,
        response: { 201: activityDetails, 422: refused },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      // Another hub is not found, before anything else is said about it.
      if (!hub || !canManageHubActivities(principal, hub.id)) throw new NotFoundError('There is no such hub');
      const body = request.body;
      const yearCode = yearFromParam(body.year) ?? currentAcademicYear();
      const ncp = (await yearCatalogue(db, yearCode)).find((n) => n.code === body.ncpCode);
      if (!ncp) {
        throw new ValidationError([
          { field: 'ncpCode', message: `Choose a project from the ${yearCode} catalogue` },
        ]);
      }
      const { id } = await planActivity(
        db,
        actorOf(principal),
        {
          hubId: hub.id,
          yearCode,
          ncpId: ncp.id,
          kind: body.kind,
          title: body.title,
          startsOn: body.startsOn,
          endsOn: body.endsOn,
        },
        { mailer },
      );
      return reply.code(201).send(detailsOf(await getActivity(db, principal, id)));
    },
  );

  typed.post(
    paths.api.activityLeads(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary: 'Add an LLME of the hub as a lead of an activity (they can then take its registers)',
        description:
          '201 when added. 422 if they are not an LLME of the hub, already lead it, or lack what the NCP requires of its leads (for example mastery specialist accreditation). 404 for another hub’s activity.',
        security: [{ apiToken: [] }],
        params: activityParams,
        body: z.object({
          personId: z.number().int().positive().describe('The LLME (a person of the hub)'),
          title: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .describe('Their role in this activity, such as "Work Group Lead"'),
        }),
        response: {
          201: z.object({ personId: z.number().int(), name: z.string(), title: z.string() }),
          422: refused,
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await activityFor(db, principal, id, 'manage');
      const { personId, title } = request.body;
      const { name } = await addActivityLead(db, actorOf(principal), { activityId: id, personId, title });
      return reply.code(201).send({ personId, name, title });
    },
  );

  typed.post(
    paths.api.activitySchools(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary:
          'Add a school to an activity, if it meets the NCP’s rules (or hub leadership admit it anyway)',
        description:
          '201 when added (with a warning while the group is under its minimum size). 422 with the reasons, in the programme’s words, when the school does not meet the NCP’s rules ' +
          '(phase, school type, earlier stages): hub leadership may send a justification to admit it anyway, which is recorded. 422 too for a school outside the hub’s area without an outOfAreaReason. 409 if the activity is closed or cancelled; 404 for another hub’s activity.',
        security: [{ apiToken: [] }],
        params: activityParams,
        body: schoolBody,
        response: {
          201: z.object({
            urn: z.number().int(),
            name: z.string(),
            warning: z.string().nullable().describe('Set while the group is under its minimum size'),
          }),
          422: refused,
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await activityFor(db, principal, id, 'manage');
      const { urn, justification, outOfAreaReason } = request.body;
      const result = await addActivitySchool(db, actorOf(principal), {
        activityId: id,
        urn,
        justification,
        outOfAreaReason,
        by: principal,
      });
      return reply.code(201).send({ urn, name: result.schoolName, warning: result.warning });
    },
  );

  typed.post(
    paths.api.activitySessions(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary: 'Add a dated session (a TRG, workshop, school visit…) to an activity',
        description:
          '201 with the session. 409 if the activity is closed or cancelled; 404 for another hub’s.',
        security: [{ apiToken: [] }],
        params: activityParams,
        body: sessionBody,
        response: {
          201: z.object({
            id: z.number().int(),
            kind: z.enum(sessionKinds),
            title: z.string(),
            startsAt: z.string().describe('ISO 8601 date and time'),
            location: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await activityFor(db, principal, id, 'manage');
      const body = request.body;
      const session = await addSession(db, actorOf(principal), { activityId: id, ...body });
      const added = (await getActivity(db, principal, id)).sessions.find((s) => s.id === session.id)!;
      return reply.code(201).send({
        id: added.id,
        kind: added.kind as 'trg',
        title: added.title,
        startsAt: added.startsAt.toISOString(),
        location: added.location,
      });
    },
  );

  typed.put(
    paths.api.sessionRegister(),
    {
      config: { access: canOpenActivities },
      schema: {
        tags: ['Activities'],
        summary:
          'Take a session’s register (its leads or the hub’s leadership): a mark for every participant enrolled',
        description:
          'One transaction: 422 with the problems if a participant enrolled has no mark or a mark is for someone not enrolled, and nothing is saved. Taking the same register again changes nothing.',
        security: [{ apiToken: [] }],
        params: registerParams,
        body: registerBody,
        response: {
          200: z.object({
            changed: z.number().int().describe('How many marks changed'),
            present: z.number().int(),
            marked: z.number().int(),
          }),
          422: refused,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id, sessionId } = request.params;
      // Whoever may take the register (another hub's activity, or a session not of it, is not found).
      await getRegister(db, principal, id, sessionId);
      const entries = request.body.marks.map((m) => ({
        enrolmentId: m.enrolmentId,
        status: m.status,
        joinedViaEnrolmentId: m.joinedViaEnrolmentId ?? null,
      }));
      return markRegister(db, actorOf(principal), { activityId: id, sessionId, entries });
    },
  );

  typed.post(
    paths.api.closeActivity(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary:
          'Close an activity at the end of its year, once its registers are taken and every outcome recorded',
        description:
          '200 with the activity (status completed). 422 listing what is missing: sessions already started without a register, schools and participants without an outcome. ' +
          '409 if it is already closed or cancelled; 404 for another hub’s activity.',
        security: [{ apiToken: [] }],
        params: activityParams,
        response: {
          200: activityDetails,
          422: refused.extend({
            missing: z
              .object({
                sessions: z.array(
                  z.object({ id: z.number().int(), title: z.string(), startsAt: z.string() }),
                ),
                schools: z.array(z.object({ urn: z.number().int(), name: z.string().nullable() })),
                participants: z.array(z.object({ enrolmentId: z.number().int(), name: z.string() })),
              })
              .optional()
              .describe('What must be done first'),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await activityFor(db, principal, id, 'manage');
      const checks = await closeChecks(db, id);
      if (!readyToClose(checks)) {
        const errors = [
          ...checks.sessions.map((s) => ({ field: 'sessions', message: `Take the register of ${s.title}` })),
          ...checks.schools.map((s) => ({
            field: 'schools',
            message: `Record the outcome of ${s.name ?? `the school with URN ${s.urn}`}`,
          })),
          ...checks.participants.map((p) => ({
            field: 'participants',
            message: `Record the outcome of ${p.name}`,
          })),
        ];
        return reply.code(422).send({
          error: 'Take every register and record every outcome before closing the activity',
          status: 422,
          errors,
          missing: {
            sessions: checks.sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString() })),
            schools: checks.schools,
            participants: checks.participants,
          },
        });
      }
      await closeActivity(db, actorOf(principal), { activityId: id });
      return detailsOf(await getActivity(db, principal, id));
    },
  );
}
