import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { academicYearParam, idParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam } from '../activities/forms.ts';
import { participationStatuses } from '../activities/participation.ts';
import { canViewHubActivities } from '../activities/policy.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { justificationMaxLength } from '../journeys/admit-school.ts';
import { peopleScope } from '../people/policy.ts';
import { outOfAreaReasonMaxLength } from '../schools/out-of-area.ts';
import { emailPattern } from './forms.ts';
import { getProgramme } from './get-programme.ts';
import { listHubRegistrations } from './list-hub-registrations.ts';
import { listProgrammes } from './list-programmes.ts';
import { loadActivity } from './load-activity.ts';
import { canSeeOwnProgrammes, canUseSignUp, contactSchoolsOf, signUpMode } from './policy.ts';
import { registeredOrInvitedText, registerParticipant } from './register-participant.ts';
import { yearGroups } from './rules.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const email = z.string().trim().max(254).regex(emailPattern, 'Not an email address');
const yearQuery = academicYearParam
  .optional()
  .describe('The academic year as 2023-24 (default: the current one)');

const registrationBody = z.object({
  person: z
    .object({
      email,
      givenName: z.string().trim().min(1).max(100).optional().describe('Needed when they are new'),
      familyName: z.string().trim().min(1).max(100).optional().describe('Needed when they are new'),
    })
    .optional()
    .describe(
      'Who to register (hub leadership registering someone, or a school contact a teacher of their school; found by email, else created). Leave out to register yourself.',
    ),
  schoolUrn: id.describe('The URN of the school they teach at'),
  roleInSchool: z.string().trim().min(1).max(100).describe('For example "Class teacher"'),
  yearGroups: z.array(z.enum(yearGroups)).max(yearGroups.length).default([]).describe('Year groups taught'),
  mentorName: z.string().trim().min(1).max(200).optional().describe('Required for an ECT programme'),
  mentorEmail: email.optional().describe('Required for an ECT programme'),
  justification: z
    .string()
    .trim()
    .min(1)
    .max(justificationMaxLength)
    .optional()
    .describe(
      'Hub leadership only: the reason for admitting a school that does not meet the project’s rules (kept in the event log and on the school’s journey)',
    ),
  outOfAreaReason: z
    .string()
    .trim()
    .min(1)
    .max(outOfAreaReasonMaxLength)
    .optional()
    .describe(
      'Hub leadership only: why someone is registered with a school outside the hub’s area (required then: 422 without it; kept in the event log)',
    ),
});

const registrationResult = z.object({
  enrolmentId: z.number().int(),
  personId: z.number().int(),
  personCreated: z.boolean(),
  nextEnrolmentId: z
    .number()
    .int()
    .nullable()
    .describe('The enrolment on the next phase, when a two-phase programme registered both years'),
  continuationIntended: z
    .boolean()
    .describe(
      'Registered for the next phase, which the hub has not set up yet: they are enrolled when it is',
    ),
});

const programmeSummary = z.object({
  enrolmentId: z.number().int(),
  yearCode: z.string(),
  activityTitle: z.string(),
  ncpCode: z.string(),
  ncpTitle: z.string(),
  hubName: z.string(),
  schoolName: z.string().nullable(),
  status: z.enum(participationStatuses),
  sessions: z.number().int(),
  present: z.number().int(),
  marked: z.number().int(),
});

const programmeDetails = z.object({
  enrolmentId: z.number().int(),
  person: z.object({ id: z.number().int(), name: z.string() }),
  activity: z.object({ id: z.number().int(), title: z.string(), yearCode: z.string() }),
  hub: z.object({ slug: z.string(), name: z.string() }),
  ncp: z.object({ code: z.string(), title: z.string() }),
  schoolUrn: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  roleInSchool: z.string().nullable(),
  yearGroups: z.array(z.string()),
  mentorName: z.string().nullable(),
  mentorEmail: z.string().nullable(),
  status: z.enum(participationStatuses),
  previousEnrolmentId: z.number().int().nullable().describe('The first phase this enrolment continues'),
  commitment: z.object({
    summary: z
      .array(z.string())
      .describe('The commitment in sentences: the sessions, and both years of a two-phase programme'),
    sessions: z.array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        kind: z.string(),
        startsAt: z.string().describe('ISO 8601 date and time'),
        location: z.string().nullable(),
        mark: z.enum(['present', 'absent', 'apologies']).nullable(),
      }),
    ),
  }),
  attendance: z.object({ present: z.number().int(), marked: z.number().int(), sessions: z.number().int() }),
  pathway: z.object({
    status: z
      .enum(['registered', 'intended', 'not-registered'])
      .nullable()
      .describe(
        'For a first phase: enrolled on the next, registered for both years (no group yet), or neither',
      ),
    next: z
      .object({ code: z.string(), title: z.string().nullable(), yearCode: z.string() })
      .nullable()
      .describe('The next phase of a two-phase programme'),
    nextEnrolmentId: z.number().int().nullable(),
    lines: z.array(z.string()).describe('What comes next, in sentences'),
  }),
});

const hubRegistration = z.object({
  enrolmentId: z.number().int(),
  activityId: z.number().int(),
  activityTitle: z.string(),
  ncpCode: z.string(),
  personId: z.number().int(),
  name: z.string(),
  email: z.string(),
  schoolUrn: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  roleInSchool: z.string().nullable(),
  yearGroups: z.array(z.string()),
  mentorName: z.string().nullable(),
  mentorEmail: z.string().nullable(),
  status: z.enum(participationStatuses),
  registeredAt: z.string().describe('ISO 8601 date and time'),
  continuesEnrolmentId: z.number().int().nullable(),
});

/** Registration through the API: the same use cases and rules as the registration pages. */
export function registerRegistrationApiRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    paths.api.activityRegistrations(),
    {
      config: { access: canUseSignUp },
      schema: {
        tags: ['Registration'],
        summary:
          'Register a participant on an activity (both phases of a two-phase programme); emails them, and an ECT’s mentor. Hub leadership register anyone; a school contact themself or a teacher of their school; others themself.',
        security: [{ apiToken: [] }],
        params: z.object({ id: idParam }),
        body: registrationBody,
        response: {
          201: registrationResult,
          202: z
            .object({ message: z.string() })
            .describe(
              'The email is someone’s outside your hub: they were invited to register, and nothing changed',
            ),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { hub } = await loadActivity(db, request.params.id);
      const mode = signUpMode(principal, hub.id);
      if (!mode) throw new ForbiddenError('You can register people only on your own hub’s activities');
      const body = request.body;
      // A school contact may register a teacher of their school; anyone else in this mode only themself.
      const contactSchools = contactSchoolsOf(principal);
      const teacher = mode === 'self' && !!body.person;
      if (teacher && contactSchools.length === 0) {
        throw new ForbiddenError('You can register only yourself: leave out "person"');
      }
      if (teacher && !contactSchools.includes(body.schoolUrn)) {
        throw new ValidationError([
          {
            field: 'schoolUrn',
            message: 'You can register teachers only of a school you are the contact for',
          },
        ]);
      }
      if (mode === 'others' && !body.person) {
        throw new ValidationError([
          { field: 'person', message: 'Give the email address of who to register' },
        ]);
      }
      const result = await registerParticipant(
        db,
        actorOf(principal),
        {
          activityId: request.params.id,
          person: body.person
            ? {
                email: body.person.email,
                givenName: body.person.givenName ?? null,
                familyName: body.person.familyName ?? null,
              }
            : { personId: principal.personId },
          schoolUrn: body.schoolUrn,
          roleInSchool: body.roleInSchool,
          yearGroups: body.yearGroups,
          mentorName: body.mentorName ?? null,
          mentorEmail: body.mentorEmail ?? null,
          scope: peopleScope(principal),
          schoolContactOf: teacher ? contactSchools : undefined,
          by: principal,
          justification: mode === 'others' ? (body.justification ?? null) : null,
          outOfAreaReason: mode === 'others' ? (body.outOfAreaReason ?? null) : null,
        },
        { mailer, publicUrl: config.PUBLIC_URL },
      );
      // Someone with the email outside the hub's scope: not registered but invited, and nothing of theirs
      // is sent back.
      if (result.invited)
        return reply.code(202).send({ message: registeredOrInvitedText(body.person!.email) });
      return reply.code(201).send(result);
    },
  );

  typed.get(
    paths.api.myProgrammes,
    {
      config: { access: canSeeOwnProgrammes },
      schema: {
        tags: ['Registration'],
        summary: 'My programmes: the token owner’s enrolments across years, with attendance',
        security: [{ apiToken: [] }],
        response: { 200: z.object({ programmes: z.array(programmeSummary) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const rows = await listProgrammes(db, principal.personId);
      return { programmes: rows.map((r) => ({ ...r, status: r.status as 'registered' })) };
    },
  );

  typed.get(
    paths.api.myProgramme(),
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Registration'],
        summary: 'One programme: the commitment (sessions), attendance and the pathway (what comes next)',
        security: [{ apiToken: [] }],
        params: z.object({ enrolmentId: idParam }),
        response: { 200: programmeDetails },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const p = await getProgramme(db, principal, request.params.enrolmentId);
      const e = p.enrolment;
      return {
        enrolmentId: e.id,
        person: { id: p.person.id, name: `${p.person.givenName} ${p.person.familyName}` },
        activity: { id: p.activity.id, title: p.activity.title, yearCode: p.activity.yearCode },
        hub: { slug: p.hub.slug, name: p.hub.name },
        ncp: { code: p.ncp.code, title: p.ncp.title },
        schoolUrn: e.schoolUrn,
        schoolName: p.schoolName,
        roleInSchool: e.roleInSchool,
        yearGroups: e.yearGroups,
        mentorName: e.mentorName,
        mentorEmail: e.mentorEmail,
        status: e.status,
        previousEnrolmentId: p.previousEnrolmentId,
        commitment: {
          summary: p.commitment.summary,
          sessions: p.commitment.sessions.map((s) => ({
            id: s.id,
            title: s.title,
            kind: s.kind,
            startsAt: s.startsAt.toISOString(),
            location: s.location,
            mark: s.mark as 'present' | null,
          })),
        },
        attendance: p.attendance,
        pathway: {
          status: p.pathway.status,
          next: p.pathway.next
            ? {
                code: p.pathway.next.code,
                title: p.pathway.next.ncp?.title ?? null,
                yearCode: p.pathway.next.yearCode,
              }
            : null,
          nextEnrolmentId: p.pathway.nextEnrolmentId,
          lines: p.pathway.lines,
        },
      };
    },
  );

  typed.get(
    paths.api.hubRegistrations(),
    {
      config: { access: canViewHubActivities },
      schema: {
        tags: ['Registration'],
        summary:
          'Registrations on a hub’s activities in a year: school, role, year groups taught, ECT mentors',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        querystring: z.object({
          year: yearQuery,
          activity: idParam.optional().describe('Only this activity’s registrations'),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            hub: z.object({ slug: z.string(), name: z.string() }),
            year: z.string(),
            total: z.number().int(),
            page: z.number().int(),
            registrations: z.array(hubRegistration),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      if (!hub || !canSeeHub(principal, hub.id)) throw new NotFoundError('There is no such hub');
      const q = request.query;
      const year = yearFromParam(q.year) ?? currentAcademicYear();
      const found = await listHubRegistrations(db, {
        hubId: hub.id,
        yearCode: year,
        activityId: q.activity,
        page: q.page,
        pageSize: q.pageSize,
      });
      return {
        hub: { slug: hub.slug, name: hub.name },
        year,
        total: found.total,
        page: q.page,
        registrations: found.registrations.map((r) => ({ ...r, registeredAt: r.registeredAt.toISOString() })),
      };
    },
  );
}
