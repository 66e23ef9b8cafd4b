import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYearParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { yearFromSlug } from '../journeys/journey-rules.ts';
import { buildAnnualReport } from './annual-report.ts';
import { canViewNationalReport } from './policy.ts';
import { reportJson } from './report-exports.ts';
import { reportYears } from './report-years.ts';

const figure = z.object({
  key: z.string().describe('A stable name for the figure, such as schools_engaged'),
  label: z.string(),
  value: z.number().int(),
  percent: z
    .number()
    .nullable()
    .describe('The figure as a percentage (of state-funded schools), when it is a share'),
  previous: z
    .number()
    .int()
    .nullable()
    .describe('The same figure in the year it is compared with (comparedWith)'),
  comparedWith: z
    .string()
    .nullable()
    .describe(
      'The year compared with: the previous year; for the ten-year figures (hubs, cumulative_tfm, ncps) the first year in which the figure had a value, as the annual report compares them',
    ),
  previousPercent: z
    .number()
    .nullable()
    .describe('The previous year’s percentage, when the figure is a share'),
  change: z
    .string()
    .nullable()
    .describe('The report’s comparison, such as "was 32 (up 25%)"; null when the previous year has no data'),
  definition: z.string().describe('How the figure is counted (docs/definitions.md)'),
});

const table = z.object({
  name: z.string(),
  caption: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  definition: z.string(),
});

const annualReport = z.object({
  year: z.string(),
  previousYear: z.string(),
  hub: z.string().nullable(),
  figures: z.array(figure),
  tables: z.array(table),
  masterySpecialistsByHub: z.array(
    z.object({
      hubId: z.number().int(),
      hubName: z.string(),
      llmes: z.number().int(),
      masterySpecialists: z.number().int(),
      meetsAmbition: z.boolean(),
    }),
  ),
  ambitionPerHub: z.number().int(),
  trend: z
    .object({
      years: z.array(z.string()).describe('Every academic year with records, oldest first'),
      figures: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          values: z.array(z.number().int()).describe('The figure in each of `years`'),
        }),
      ),
    })
    .describe('The key figures over every year with records'),
});

/** The national annual report through the API: the same object as the page and its downloads. */
export function registerReportingApiRoutes(app: FastifyInstance, { db }: Services): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    paths.api.annualReport(),
    {
      config: { access: canViewNationalReport },
      schema: {
        tags: ['Reports'],
        summary:
          'The annual report’s figures for an academic year, with the previous year’s and each definition',
        security: [{ apiToken: [] }],
        params: z.object({
          year: academicYearParam.describe('The academic year as 2023-24'),
        }),
        response: { 200: annualReport },
      },
    },
    async (request) => {
      const yearCode = yearFromSlug(request.params.year);
      if (!yearCode || !(await reportYears(db)).includes(yearCode))
        throw new NotFoundError('There is no report for that year');
      return reportJson(await buildAnnualReport(db, { yearCode }));
    },
  );
}
