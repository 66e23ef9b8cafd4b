import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { type CsvLayout, duplicateProblems, readCsv, rejectIfAny, validateRows } from './csv-import.ts';
import { englishRegions, regionName } from './regions.ts';
import { localAuthorities } from './schema.ts';

export const localAuthorityEntities = [
  'London Boroughs',
  'Metropolitan Districts',
  'Unitary Authorities',
  'Counties',
] as const;

export const localAuthoritiesLayout: CsvLayout = {
  required: ['la_code', 'la_name', 'gss_code', 'region_code', 'region_name', 'entity'],
  optional: [],
  ignored: ['hubs', 'state_funded_schools'],
};

const regionCodes = englishRegions.map((r) => r.code) as [string, ...string[]];

const localAuthorityRow = z
  .object({
    la_code: z.string().regex(/^\d{3}$/, 'must be the 3-digit DfE code of the local authority, like 891'),
    la_name: z.string().min(1, 'is empty').max(100, 'is longer than 100 characters'),
    gss_code: z
      .string()
      .regex(/^E(06|08|09|10)\d{6}$/, 'must be an ONS code starting E06, E08, E09 or E10, like E10000024'),
    region_code: z.enum(regionCodes, `must be the ONS code of an English region, E12000001 to E12000009`),
    region_name: z.string().min(1, 'is empty'),
    entity: z.enum(localAuthorityEntities, `must be one of: ${localAuthorityEntities.join(', ')}`),
  })
  .superRefine((row, context) => {
    const expected = regionName(row.region_code);
    if (expected && expected.toLowerCase() !== row.region_name.toLowerCase()) {
      context.addIssue({
        code: 'custom',
        path: ['region_name'],
        message: `is ‘${row.region_name}’ but region ${row.region_code} is ${expected}`,
      });
    }
  })
  .transform((row) => ({
    code: row.la_code,
    name: row.la_name,
    gssCode: row.gss_code,
    regionCode: row.region_code,
    regionName: regionName(row.region_code)!,
    entity: row.entity,
  }));

export type LocalAuthorityInput = z.output<typeof localAuthorityRow>;

/** Reads and checks a local authorities file; every problem is reported with its line. */
export function parseLocalAuthoritiesCsv(text: string): LocalAuthorityInput[] {
  const file = readCsv(text, localAuthoritiesLayout);
  const { valid, problems } = validateRows(file.rows, localAuthorityRow);
  problems.push(
    ...duplicateProblems(valid, (la) => la.code, 'la_code'),
    ...duplicateProblems(valid, (la) => la.gssCode, 'gss_code'),
  );
  rejectIfAny(problems);
  return valid.map((row) => row.value);
}

export interface LocalAuthorityChange {
  code: string;
  action: 'created' | 'updated';
  changes: Record<string, unknown>;
}

/** Adds new local authorities and updates changed ones (matched by DfE code); others are left alone. */
export async function upsertLocalAuthorities(
  tx: Executor,
  rows: LocalAuthorityInput[],
): Promise<{ changes: LocalAuthorityChange[]; unchanged: number }> {
  const existing = new Map((await tx.select().from(localAuthorities)).map((la) => [la.code, la]));
  const changes: LocalAuthorityChange[] = [];
  const toInsert: LocalAuthorityInput[] = [];
  for (const row of rows) {
    const before = existing.get(row.code);
    if (!before) {
      toInsert.push(row);
      changes.push({ code: row.code, action: 'created', changes: row });
      continue;
    }
    const { updatedAt: _updatedAt, ...current } = before;
    const changed = diff(current, row);
    if (Object.keys(changed).length === 0) continue;
    await tx
      .update(localAuthorities)
      .set({ ...row, updatedAt: new Date() })
      .where(eq(localAuthorities.code, row.code));
    changes.push({ code: row.code, action: 'updated', changes: changed });
  }
  if (toInsert.length) await tx.insert(localAuthorities).values(toInsert);
  return { changes, unchanged: rows.length - changes.length };
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports the local authorities file: all or nothing, in one transaction, one event for each
 * authority added or changed. Importing the same file again changes nothing.
 */
export async function importLocalAuthorities(
  db: Database,
  actor: Actor,
  input: { text: string; fileName?: string },
): Promise<ImportSummary> {
  const { text, fileName = 'local authorities file' } = input;
  const rows = parseLocalAuthoritiesCsv(text);
  return db.transaction(async (tx) => {
    const { changes, unchanged } = await upsertLocalAuthorities(tx, rows);
    for (const change of changes) {
      await recordEvent(tx, actor, {
        action: `local_authority.${change.action}`,
        subjectType: 'local_authority',
        subjectId: change.code,
        reason: `Imported from ${fileName}`,
        changes: change.changes,
      });
    }
    return {
      created: changes.filter((c) => c.action === 'created').length,
      updated: changes.filter((c) => c.action === 'updated').length,
      unchanged,
    };
  });
}
