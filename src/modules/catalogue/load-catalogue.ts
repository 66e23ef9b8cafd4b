import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { unstorableInJson } from '../../platform/text.ts';
import { ensureAcademicYears } from '../hubs/ensure-academic-years.ts';
import { type CatalogueEntry, type CatalogueFile, catalogueFileSchema } from './catalogue-file.ts';
import { markCataloguePublished } from './publication.ts';
import { ncps } from './schema.ts';
import { shippedCatalogueFile, shippedYears } from './shipped-catalogues.ts';

export interface LoadResult {
  year: string;
  added: number;
  changed: number;
  unchanged: number;
}

/** The columns of an NCP as a catalogue file gives them (what a load compares and writes). */
function columnsOf(entry: CatalogueEntry) {
  return {
    title: entry.title,
    strand: entry.strand ?? null,
    phases: entry.phases,
    type: entry.type,
    participation: entry.participation,
    sections: entry.sections,
    rules: entry.rules as Record<string, unknown>,
    completesTfmStage: entry.completesTfmStage ?? null,
    nextNcpCode: entry.nextNcpCode ?? null,
  };
}

/** JSON with its keys sorted: PostgreSQL's jsonb does not keep the order of keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** The fields that differ, as { field: [before, after] }, comparing JSON whatever its key order. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (canonicalJson(before[key] ?? null) !== canonicalJson(value)) changed[key] = [before[key], value];
  }
  return changed;
}

/** Reads a catalogue file's JSON, refusing it whole (with every problem) if it is not valid. */
export function parseCatalogueFile(json: string): CatalogueFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new ImportRejectedError([
      { line: 0, message: `The file is not JSON: ${(error as Error).message}` },
    ]);
  }
  const unstorable = unstorableInJson(data);
  if (unstorable) throw new ImportRejectedError([{ line: 0, message: unstorable }]);
  const parsed = catalogueFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new ImportRejectedError(
      parsed.error.issues.slice(0, 50).map((issue) => ({
        line: 0,
        message: `${issue.path.join('.') || 'file'}: ${issue.message}`,
      })),
    );
  }
  return parsed.data;
}

/**
 * Loads a year's catalogue into `ncps`: adds the NCPs that are new, changes those that differ (by year
 * and code) and leaves the rest, recording an event for each change. Loading the same file again
 * changes nothing. NCPs missing from the file are kept (they may have groups). The year's catalogue is
 * published as it loads (publication.ts).
 */
export async function loadCatalogue(db: Database, actor: Actor, file: CatalogueFile): Promise<LoadResult> {
  return db.transaction(async (tx) => {
    const start = Number(file.year.slice(0, 4));
    await ensureAcademicYears(tx, start, start);
    const result: LoadResult = { year: file.year, added: 0, changed: 0, unchanged: 0 };
    for (const entry of file.ncps) {
      const values = columnsOf(entry);
      const [before] = await tx
        .select()
        .from(ncps)
        .where(and(eq(ncps.yearCode, file.year), eq(ncps.code, entry.code)))
        .for('update');
      if (!before) {
        const [row] = await tx
          .insert(ncps)
          .values({ yearCode: file.year, code: entry.code, ...values })
          .returning({ id: ncps.id });
        await recordEvent(tx, actor, {
          action: 'ncp.added',
          subjectType: 'ncp',
          subjectId: row!.id,
          changes: { year: file.year, code: entry.code, title: entry.title },
        });
        result.added++;
        continue;
      }
      const changes = changedFields(before as unknown as Record<string, unknown>, values);
      if (Object.keys(changes).length === 0) {
        result.unchanged++;
        continue;
      }
      await tx
        .update(ncps)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(ncps.id, before.id));
      await recordEvent(tx, actor, {
        action: 'ncp.updated',
        subjectType: 'ncp',
        subjectId: before.id,
        reason: 'Catalogue file loaded',
        changes,
      });
      result.changed++;
    }
    if (result.added || result.changed) {
      await recordEvent(tx, actor, {
        action: 'catalogue.loaded',
        subjectType: 'catalogue',
        subjectId: file.year,
        changes: { ...result, source: file.source },
      });
    }
    // A catalogue loaded from a file is the national team's published one (hubs plan under it).
    await markCataloguePublished(tx, actor, file.year);
    return result;
  });
}

/** Loads a catalogue file (JSON, like reference/catalogue/2023-24.json) from a path. */
export async function loadCatalogueFile(
  db: Database,
  actor: Actor,
  input: { path: string },
): Promise<LoadResult> {
  return loadCatalogue(db, actor, parseCatalogueFile(await readFile(input.path, 'utf8')));
}

/** Loads the catalogues the product ships (2019/20 and 2023/24): the demo loader calls it. */
export async function loadShippedCatalogues(db: Database, actor: Actor): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const year of shippedYears)
    results.push(await loadCatalogueFile(db, actor, { path: shippedCatalogueFile(year) }));
  return results;
}
