import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getNcp, listNcps, type Ncp } from './list-ncps.ts';
import { canChangeCatalogue } from './policy.ts';
import { refuseDraftUnlessNational } from './publication.ts';
import { describeRules, parseRules } from './rules.ts';
import { ncpPhases, ncpTypes, participationLevels, tfmStages } from './schema.ts';
import { ncpParams, yearOf, yearParams } from './year-param.ts';

/** The NCP as the API gives it. */
const ncpSummarySchema = z.object({
  year: z.string(),
  code: z.string(),
  title: z.string(),
  strand: z.string().nullable(),
  phases: z.array(z.enum(ncpPhases)),
  type: z.enum(ncpTypes),
  participation: z.enum(participationLevels),
  completesTfmStage: z.enum(tfmStages).nullable(),
  nextNcpCode: z.string().nullable(),
  rules: z.record(z.string(), z.unknown()),
  rulesInWords: z.array(z.string()),
});
const text = z.string().optional();
const sectionsSchema = z.object({
  summary: text,
  rationale: text,
  outcomes: z
    .object({
      professionalLearning: text,
      practiceDevelopment: text,
      materials: text,
      wholeSchool: text,
      pupilOutcomes: text,
    })
    .optional(),
  models: text,
  pct: text,
  leads: text,
  participants: text,
  participationData: text,
  nationalWorkshops: text,
  finances: text,
  evaluation: text,
});

const summaryOf = (n: Ncp) => ({
  year: n.yearCode,
  code: n.code,
  title: n.title,
  strand: n.strand,
  phases: n.phases,
  type: n.type,
  participation: n.participation,
  completesTfmStage: n.completesTfmStage,
  nextNcpCode: n.nextNcpCode,
  rules: n.rules,
  rulesInWords: describeRules(parseRules(n.rules)),
});

/** The catalogue's public JSON API: a year's NCPs, and one NCP with its specification. */
export function registerCatalogueApiRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.api.catalogue(),
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary:
          'A year’s catalogue of Network Collaborative Projects (the year as 2023-24); a draft (not yet published) is not found',
        params: yearParams,
        response: { 200: z.object({ year: z.string(), ncps: z.array(ncpSummarySchema) }) },
      },
    },
    async (request) => {
      const year = yearOf(request.params.year);
      await refuseDraftUnlessNational(db, canChangeCatalogue(request.principal), year);
      const rows = await listNcps(db, year);
      if (!rows.length) throw new NotFoundError(`There is no catalogue for ${year}`);
      return { year, ncps: rows.map(summaryOf) };
    },
  );

  typed.get(
    paths.api.ncp(),
    {
      config: { access: 'public' },
      schema: {
        tags: ['Catalogue'],
        summary: 'One NCP with its specification (sections A–K) and rules',
        params: ncpParams,
        response: { 200: z.object({ ncp: ncpSummarySchema.extend({ sections: sectionsSchema }) }) },
      },
    },
    async (request) => {
      const year = yearOf(request.params.year);
      await refuseDraftUnlessNational(db, canChangeCatalogue(request.principal), year);
      const ncp = await getNcp(db, year, request.params.code);
      return { ncp: { ...summaryOf(ncp), sections: ncp.sections } };
    },
  );
}
