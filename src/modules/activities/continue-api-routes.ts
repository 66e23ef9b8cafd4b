import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { academicYearParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { continueActivities } from './continue-activities.ts';
import { yearFromParam } from './forms.ts';
import { canManageHubActivities, canPlanActivities } from './policy.ts';

const continued = z.object({
  year: z.string().describe('The academic year copied into, as 2024/25'),
  created: z.array(
    z.object({
      id: z.number().int().describe('The new activity'),
      fromActivityId: z.number().int().describe('Last year’s activity it continues'),
      title: z.string(),
      schools: z.number().int(),
      participants: z.number().int(),
      leadsNotCarried: z
        .array(z.object({ personId: z.number().int(), name: z.string(), reason: z.string() }))
        .describe('Last year’s leads not carried: no longer LLMEs of the hub'),
    }),
  ),
  alreadyCopied: z
    .number()
    .int()
    .describe('Chosen activities copied before (nothing is copied twice: calling again copies nothing)'),
});

/** Copying a hub's continuing activities into a new year, through the API (a hub system's write). */
export function registerContinueActivitiesApiRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    paths.api.continueActivities(),
    {
      config: { access: canPlanActivities },
      schema: {
        tags: ['Activities'],
        summary:
          'Copy last year’s continuing activities (Sustaining Work Groups, communities, first years of two-year programmes) into a year whose catalogue is published, with their leads, schools and participants',
        description:
          'One transaction. Each activity becomes a planned activity of the year (no dates) under its NCP there; ' +
          'those whose NCP the new catalogue lacks are not copied. An activity copied before is skipped. ' +
          'A lead is carried only while still an LLME of the hub (the others are listed in leadsNotCarried); ' +
          'each participant carried is emailed where they continue. ' +
          '422 if the year’s catalogue is not published or an id is not one of last year’s continuing activities; ' +
          '404 for another hub.',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam }),
        body: z
          .object({
            year: academicYearParam
              .optional()
              .describe('The academic year to copy into, as 2024-25 (default: the current one)'),
            activityIds: z
              .array(z.number().int().positive())
              .max(1000)
              .optional()
              .describe('Last year’s activities to copy (default: every one that continues)'),
          })
          .optional(),
        response: { 200: continued },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      // Another hub is not found, before anything else is said about it.
      if (!hub || !canManageHubActivities(principal, hub.id)) throw new NotFoundError('There is no such hub');
      const yearCode = yearFromParam(request.body?.year) ?? currentAcademicYear();
      const result = await continueActivities(
        db,
        actorOf(principal),
        { hubId: hub.id, yearCode, activityIds: request.body?.activityIds },
        { mailer },
      );
      return { year: result.yearCode, created: result.created, alreadyCopied: result.alreadyCopied };
    },
  );
}
