import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { ensureAcademicYears } from '../hubs/ensure-academic-years.ts';
import { academicYearSchema, codeForYear } from './catalogue-file.ts';
import { catalogueCounts } from './list-ncps.ts';
import { startDraftCatalogue } from './publication.ts';
import { ncps } from './schema.ts';

export const copyForwardInput = z
  .object({
    from: academicYearSchema.pipe(z.string().min(1, 'Choose the catalogue to copy')),
    to: z
      .string()
      .trim()
      .min(1, 'Enter the academic year to copy it to, like 2024/25')
      .pipe(academicYearSchema),
  })
  .refine((v) => v.to > v.from, {
    path: ['to'],
    message: 'The new year must come after the year you copy from',
  });

/**
 * Starts year B's catalogue as a copy of year A's: every NCP, its sections and rules, with its code
 * renumbered for the new year (`NCP23-09` → `NCP24-09`). Refuses if year B already has NCPs. The new
 * catalogue is a draft, seen only by the national team, until they publish it (publication.ts).
 */
export async function copyCatalogueForward(
  db: Database,
  actor: Actor,
  input: { from: string; to: string },
): Promise<{ from: string; to: string; copied: number }> {
  const parsed = copyForwardInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const { from, to } = parsed.data;
  return db.transaction(async (tx) => {
    const source = await tx.select().from(ncps).where(eq(ncps.yearCode, from));
    if (!source.length)
      throw new ValidationError([{ field: 'from', message: `There is no catalogue for ${from} to copy` }]);
    const existing = await catalogueCounts(tx, to);
    if (existing.entries > 0) {
      throw new ValidationError([
        {
          field: 'to',
          message: `${to} already has a catalogue of ${existing.ncps} NCPs: change it rather than copy over it`,
        },
      ]);
    }
    const start = Number(to.slice(0, 4));
    await ensureAcademicYears(tx, start, start);
    await tx.insert(ncps).values(
      source.map(({ id: _id, updatedAt: _updatedAt, yearCode: _year, code, nextNcpCode, ...rest }) => ({
        ...rest,
        yearCode: to,
        code: codeForYear(code, from, to),
        nextNcpCode: nextNcpCode ? codeForYear(nextNcpCode, from, to) : null,
      })),
    );
    // A draft until the national team publishes it: hubs do not plan under it yet.
    await startDraftCatalogue(tx, to);
    await recordEvent(tx, actor, {
      action: 'catalogue.copied',
      subjectType: 'catalogue',
      subjectId: to,
      changes: { from, to, copied: source.length },
    });
    return { from, to, copied: source.length };
  });
}
