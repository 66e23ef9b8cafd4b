import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { recordAccreditations } from './record-accreditations.ts';
import { accreditationKinds } from './schema.ts';

const accreditation = z.object({
  email: z.string().max(320).describe('The person’s email: they must already be on the platform'),
  accreditation: z
    .string()
    .max(100)
    .describe(
      `One of ${accreditationKinds.join(', ')}, or its name ("PD Lead", "primary Mastery Specialist")`,
    ),
  cohort: z.string().max(20).nullish().describe('The programme’s cohort, like "9"'),
  awarded_on: z.string().max(10).nullish().describe('The date it was awarded, 2024-01-08'),
  evidence_url: z
    .string()
    .max(2000)
    .nullish()
    .describe('A link (https://…) to the accreditation evidence document (PD Lead)'),
});

/**
 * Accreditations through the API, for the system that holds the NCETM's awards: a list recorded all or
 * nothing, as the CSV import does (people/record-accreditations.ts). National administrators only.
 */
export function registerAccreditationApiRoutes(app: FastifyInstance, { db }: Services): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    paths.api.accreditations,
    {
      config: { access: isNationalAdmin },
      schema: {
        tags: ['People'],
        summary: 'Record accreditations (Mastery Specialists, PD Leads…) of people on the platform',
        description:
          'All or nothing: any problem (an unknown email or accreditation, a date that does not exist, the same accreditation twice) is a 422 listing each problem by its place in the list (1, 2…), and nothing is recorded. Recording an accreditation again (the same person, kind and cohort) changes only its award date and evidence link.',
        security: [{ apiToken: [] }],
        body: z.object({ accreditations: z.array(accreditation).min(1).max(5000) }),
        response: {
          200: z.object({
            added: z.number().int(),
            updated: z.number().int(),
            unchanged: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return recordAccreditations(
        db,
        actorOf(principal),
        request.body.accreditations.map((a) => ({
          email: a.email,
          accreditation: a.accreditation,
          cohort: a.cohort,
          awardedOn: a.awarded_on,
          evidenceUrl: a.evidence_url,
        })),
      );
    },
  );
}
