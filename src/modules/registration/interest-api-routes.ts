import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { canSeeHub } from '../../platform/hub-scope.ts';
import { idParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { emailPattern } from './forms.ts';
import { listInterests } from './list-interests.ts';
import {
  canRegisterAnyInterests,
  canRegisterInterest,
  canRegisterInterests,
  canViewInterestList,
  canViewInterests,
  interestScopeOf,
} from './policy.ts';
import { registerInterest } from './register-interest.ts';
import { registerInterests } from './register-interests.ts';
import { yearGroups } from './rules.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const email = z.string().trim().max(254).regex(emailPattern, 'Not an email address');

const interestBody = z.object({
  schoolUrn: id.describe('The URN of the school they teach at'),
  roleInSchool: z.string().trim().min(1).max(100).describe('For example "Class teacher"'),
  yearGroups: z.array(z.enum(yearGroups)).max(yearGroups.length).default([]).describe('Year groups taught'),
  mentorName: z.string().trim().min(1).max(200).optional().describe('Required for an ECT programme'),
  mentorEmail: email.optional().describe('Required for an ECT programme'),
  note: z.string().trim().max(2000).optional().describe('Anything the hub should know'),
});

const interestRow = z.object({
  id: z.number().int(),
  activityId: z.number().int().nullable(),
  activityTitle: z.string().nullable(),
  ncpCode: z.string().nullable(),
  personId: z.number().int(),
  name: z.string(),
  email: z.string(),
  schoolUrn: z.number().int().nullable(),
  schoolName: z.string().nullable(),
  roleInSchool: z.string().nullable(),
  yearGroups: z.array(z.string()),
  mentorName: z.string().nullable(),
  mentorEmail: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(['open', 'registered', 'declined']),
  createdAt: z.string(),
});

/** Interest through the API: register your own, list a hub's, and register the chosen people (all or nothing). */
export function registerInterestApiRoutes(app: FastifyInstance, { db, mailer, config }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    paths.api.activityInterest(),
    {
      config: { access: canRegisterInterest },
      schema: {
        tags: ['Registration'],
        summary:
          'Register your interest in an activity of a hub’s offer (the hub registers you); emails you a copy',
        security: [{ apiToken: [] }],
        params: z.object({ id: idParam }),
        body: interestBody,
        response: { 201: z.object({ interestId: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = request.body;
      const result = await registerInterest(
        db,
        actorOf(principal),
        {
          personId: principal.personId,
          subject: { activityId: request.params.id },
          schoolUrn: body.schoolUrn,
          roleInSchool: body.roleInSchool,
          yearGroups: body.yearGroups,
          mentorName: body.mentorName ?? null,
          mentorEmail: body.mentorEmail ?? null,
          note: body.note ?? null,
        },
        { mailer },
      );
      return reply.code(201).send(result);
    },
  );

  typed.get(
    paths.api.hubInterest(),
    {
      config: { access: canViewInterestList },
      schema: {
        tags: ['Registration'],
        summary: 'The interest registered in a hub’s activities and projects, newest first',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        querystring: z.object({
          status: z.enum(['open', 'registered', 'declined']).optional().describe('Default: all'),
          activityId: id.optional(),
        }),
        response: { 200: z.object({ interests: z.array(interestRow) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      // All of the hub's interest for its staff; its local authority partners' LAs' schools' only.
      const scope = hub ? interestScopeOf(principal, hub.id) : null;
      if (!hub || !scope || scope.kind === 'none') throw new NotFoundError('There is no such hub');
      const rows = await listInterests(db, {
        hubId: hub.id,
        laCodes: scope.kind === 'las' ? scope.laCodes : null,
        status: request.query.status ?? null,
        activityId: request.query.activityId ?? null,
      });
      return {
        interests: rows.map((r) => ({
          id: r.id,
          activityId: r.activityId,
          activityTitle: r.activityTitle,
          ncpCode: r.ncpCode,
          personId: r.personId,
          name: r.name,
          email: r.email,
          schoolUrn: r.schoolUrn,
          schoolName: r.schoolName,
          roleInSchool: r.roleInSchool,
          yearGroups: r.yearGroups,
          mentorName: r.mentorName,
          mentorEmail: r.mentorEmail,
          note: r.note,
          status: r.status,
          createdAt: new Date(r.createdAt).toISOString(),
        })),
      };
    },
  );

  typed.post(
    paths.api.hubInterestRegistrations(),
    {
      // Who may see the hub is asked first, so that an unknown hub is "not found" to everyone; only the
      // hub's leadership may then register its interest (403 for the national team).
      config: { access: canViewInterests },
      schema: {
        tags: ['Registration'],
        summary:
          'Register the people of the chosen open interest, all or nothing: if anyone is refused, nobody is registered (422 lists each refusal)',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        body: z.object({
          interestIds: z.array(id).max(500).default([]).describe('The interest to register (at least one)'),
          activityId: id.optional().describe('Where interest in a project (no activity) is registered'),
        }),
        response: { 201: z.object({ enrolmentIds: z.array(z.number().int()) }) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      if (!hub || !canSeeHub(principal, hub.id)) throw new NotFoundError('There is no such hub');
      if (!canRegisterAnyInterests(principal) || !canRegisterInterests(principal, hub.id))
        throw new ForbiddenError('Only the hub’s leadership may register its interest');
      const result = await registerInterests(
        db,
        actorOf(principal),
        { hubId: hub.id, interestIds: request.body.interestIds, activityId: request.body.activityId ?? null },
        { mailer, publicUrl: config.PUBLIC_URL },
      );
      return reply.code(201).send(result);
    },
  );
}
