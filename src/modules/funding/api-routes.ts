import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { academicYearCode, academicYearParam, slugParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromParam } from '../activities/forms.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { fundingSources, payees } from './grant-rules.ts';
import { canViewFundingOf, canViewHubFunding } from './policy.ts';
import { readStatement } from './read-statement.ts';
import { statementJson } from './statement-json.ts';

const statementLine = z.object({
  activity: z.string().describe('The activity (or claim) the line pays for'),
  ncp: z.string().describe('The NCP code whose rule gives the line'),
  source: z.enum(fundingSources),
  amount_pence: z.number().int(),
  activity_id: z.number().int().nullable(),
  claim_id: z.number().int().nullable(),
  rule: z.string(),
  rule_kind: z.string(),
  payee: z.enum(payees),
  counts: z.object({
    schools: z.number().int().optional(),
    participants: z.number().int().optional(),
    leads: z.number().int().optional(),
    days: z.number().int().optional(),
  }),
  explanation: z.string(),
  statement: z.number().int().describe('The statement (period) that states the line'),
  adjustment: z.boolean().describe('An adjustment to what a closed statement stated'),
});

/** A hub's grant statement through the API, scoped as the pages are. */
export function registerFundingApiRoutes(app: FastifyInstance, { db }: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    paths.api.hubFunding(),
    {
      config: { access: canViewHubFunding },
      schema: {
        tags: ['Funding'],
        summary:
          'A hub’s grant statement for an academic year (2019-20 or 2019/20): lines and total in pence',
        security: [{ apiToken: [] }],
        params: z.object({ slug: slugParam, year: academicYearParam.or(academicYearCode) }),
        querystring: z.object({
          source: z.enum(fundingSources).optional().describe('Only the lines of this funding source'),
        }),
        response: {
          200: z.object({
            hub: z.string(),
            year: z.string(),
            lines: z.array(statementLine),
            total_pence: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const hub = await hubBySlug(db, request.params.slug);
      if (!hub || !canViewFundingOf(principal, hub.id)) throw new NotFoundError('There is no such hub');
      const year = yearFromParam(request.params.year.replace('/', '-'));
      if (!year) throw new NotFoundError('There is no such academic year');
      return statementJson(await readStatement(db, hub.id, year), request.query.source);
    },
  );
}
