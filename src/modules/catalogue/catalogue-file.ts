import { z } from 'zod';
import { academicYearBounds } from '../../platform/dates.ts';
import { ncpRulesSchema } from './rules.ts';
import { ncpPhases, ncpTypes, participationLevels, tfmStages } from './schema.ts';

/**
 * The format of a year's catalogue file (`reference/catalogue/2023-24.json`) and of an NCP's editable
 * fields: validated here before anything reaches the database.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const academicYearSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      academicYearBounds(value);
      return true;
    } catch {
      return false;
    }
  }, 'Enter an academic year like 2023/24');

/**
 * An NCP code as the documents write it: `NCP23-09`, `NCP23-07a`, `NCP 19-09`; or a Research and
 * Innovation Work Group's, `RIWG23-01` (the year it starts, then its number).
 */
export const ncpCodeSchema = z
  .string()
  .trim()
  .regex(
    /^(NCP|RIWG) ?\d{2}-\d{2}[a-z]?$/,
    'An NCP code looks like NCP23-09, NCP23-07a or NCP 19-09 (a Research and Innovation Work Group’s like RIWG23-01)',
  );

/** Whether a code is a Research and Innovation Work Group's (RIWG23-01). */
export const isRiwgCode = (code: string) => /^RIWG/.test(code);

/** The strand a Research and Innovation Work Group is in when its entry names none (reports count RIWGs by it). */
export const RIWG_STRAND = 'research-and-innovation';

export const ncpSectionsSchema = z
  .object({
    summary: text(20_000).optional(),
    rationale: text(20_000).optional(),
    outcomes: z
      .object({
        professionalLearning: text(20_000).optional(),
        practiceDevelopment: text(20_000).optional(),
        materials: text(20_000).optional(),
        wholeSchool: text(20_000).optional(),
        pupilOutcomes: text(20_000).optional(),
      })
      .strict()
      .optional(),
    models: text(20_000).optional(),
    pct: text(20_000).optional(),
    leads: text(20_000).optional(),
    participants: text(20_000).optional(),
    participationData: text(20_000).optional(),
    nationalWorkshops: text(20_000).optional(),
    finances: text(20_000).optional(),
    evaluation: text(20_000).optional(),
  })
  .strict();

export const catalogueEntrySchema = z
  .object({
    code: ncpCodeSchema,
    title: text(300),
    strand: text(100).optional(),
    phases: z.array(z.enum(ncpPhases)).min(1),
    type: z.enum(ncpTypes),
    participation: z.enum(participationLevels),
    sections: ncpSectionsSchema.default({}),
    rules: ncpRulesSchema.default({}),
    completesTfmStage: z.enum(tfmStages).optional(),
    nextNcpCode: ncpCodeSchema.optional(),
    /** File only: this NCP shares the specification of another code (NCP 19-03 and 19-04). */
    sameSpecificationAs: ncpCodeSchema.optional(),
  })
  .strict()
  .refine((e) => isRiwgCode(e.code) === (e.type === 'research_innovation'), {
    message:
      'A Research and Innovation Work Group has a RIWG code (like RIWG23-01) and the type research_innovation; an NCP has neither',
    path: ['type'],
  })
  .transform((e) => (e.type === 'research_innovation' && !e.strand ? { ...e, strand: RIWG_STRAND } : e));
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const catalogueFileSchema = z
  .object({
    year: academicYearSchema,
    source: text(1000),
    ncps: z.array(catalogueEntrySchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const codes = new Set<string>();
    for (const [i, ncp] of file.ncps.entries()) {
      if (codes.has(ncp.code))
        ctx.addIssue({ code: 'custom', path: ['ncps', i, 'code'], message: `${ncp.code} appears twice` });
      codes.add(ncp.code);
    }
    for (const [i, ncp] of file.ncps.entries()) {
      for (const [field, code] of [
        ['nextNcpCode', ncp.nextNcpCode],
        ['sameSpecificationAs', ncp.sameSpecificationAs],
      ] as const) {
        if (code && !codes.has(code))
          ctx.addIssue({ code: 'custom', path: ['ncps', i, field], message: `${code} is not in the file` });
      }
    }
  });
export type CatalogueFile = z.infer<typeof catalogueFileSchema>;

/** Academic years in addresses: `2023-24` ⇄ `2023/24`. */
export const yearToSlug = (year: string) => year.replace('/', '-');
export const yearFromSlug = (slug: string) => slug.replace('-', '/');
export const yearSlugSchema = z
  .string()
  .regex(/^\d{4}-\d{2}$/)
  .transform(yearFromSlug)
  .pipe(academicYearSchema);

/**
 * An NCP's code in another year's catalogue: the two digits after `NCP` are the year it starts
 * (`NCP23-09` in 2023/24 is `NCP24-09` in 2024/25; `NCP 19-09` becomes `NCP 20-09`). A code that
 * does not carry its year is kept as it is.
 */
export function codeForYear(code: string, fromYear: string, toYear: string): string {
  const from = fromYear.slice(2, 4);
  const to = toYear.slice(2, 4);
  const match = /^((?:NCP|RIWG) ?)(\d{2})(-.*)$/.exec(code);
  if (!match || match[2] !== from) return code;
  return `${match[1]}${to}${match[3]}`;
}
