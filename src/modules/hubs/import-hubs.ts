import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { blankToNull, type CsvLayout, duplicateProblems, readCsv, validateRows } from './csv-import.ts';
import { hubFieldRules } from './hub-fields.ts';
import { parseHubAreasCsv, replaceHubAreas } from './import-hub-areas.ts';
import type { ImportSummary } from './import-local-authorities.ts';
import { hubs } from './schema.ts';

export const hubsLayout: CsvLayout = {
  required: ['slug', 'name'],
  optional: [
    'name_status',
    'lead_school_name',
    'lead_school_urn',
    'contact_email',
    'contact_phone',
    'website',
  ],
  ignored: ['notes', 'source', 'areas', 'demonstration_areas', 'state_funded_schools'],
};

const hubRow = z
  .object({
    slug: hubFieldRules.slug,
    name: hubFieldRules.name,
    // An empty name_status leaves the status as it is (a new hub's name is taken as confirmed).
    name_status: z.preprocess(
      (v) => (blankToNull(v) === null ? undefined : v),
      hubFieldRules.nameStatus.optional(),
    ),
    lead_school_name: hubFieldRules.leadSchoolName.optional(),
    lead_school_urn: hubFieldRules.leadSchoolUrn.optional(),
    contact_email: hubFieldRules.contactEmail.optional(),
    contact_phone: hubFieldRules.contactPhone.optional(),
    website: hubFieldRules.website.optional(),
  })
  .transform((row) => ({
    slug: row.slug,
    name: row.name,
    nameStatus: row.name_status,
    leadSchoolName: row.lead_school_name,
    leadSchoolUrn: row.lead_school_urn,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    website: row.website,
  }));

/** A hub from the file. A field the file has no column for is `undefined`: it is left as it is. */
export type HubInput = z.output<typeof hubRow>;

export function parseHubsCsv(text: string): {
  rows: { line: number; value: HubInput }[];
  problems: RowProblem[];
} {
  const file = readCsv(text, hubsLayout);
  const { valid, problems } = validateRows(file.rows, hubRow);
  problems.push(
    ...duplicateProblems(valid, (h) => h.slug, 'slug'),
    ...duplicateProblems(valid, (h) => h.name.toLowerCase(), 'name'),
  );
  return { rows: valid, problems };
}

export interface HubChange {
  hubId: number;
  slug: string;
  action: 'created' | 'updated';
  changes: Record<string, unknown>;
}

const definedOnly = <T extends Record<string, unknown>>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Adds new hubs and updates changed ones (matched by slug); hubs not in the rows are left alone. */
export async function upsertHubs(
  tx: Executor,
  rows: HubInput[],
): Promise<{ changes: HubChange[]; unchanged: number; idsBySlug: Map<string, number> }> {
  const existing = new Map((await tx.select().from(hubs)).map((h) => [h.slug, h]));
  const idsBySlug = new Map([...existing.values()].map((h) => [h.slug, h.id]));
  const changes: HubChange[] = [];
  for (const row of rows) {
    const fields = definedOnly(row);
    const before = existing.get(row.slug);
    if (!before) {
      const [created] = await tx
        .insert(hubs)
        .values({ ...fields, slug: row.slug, name: row.name })
        .returning();
      idsBySlug.set(row.slug, created!.id);
      changes.push({ hubId: created!.id, slug: row.slug, action: 'created', changes: fields });
      continue;
    }
    const changed = diff(before, fields);
    if (Object.keys(changed).length === 0) continue;
    await tx
      .update(hubs)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(hubs.id, before.id));
    changes.push({ hubId: before.id, slug: row.slug, action: 'updated', changes: changed });
  }
  return { changes, unchanged: rows.length - changes.length, idsBySlug };
}

/** Names existing hubs already use under another slug: two hubs with one name is a mistake. */
async function nameClashes(tx: Executor, rows: { line: number; value: HubInput }[]): Promise<RowProblem[]> {
  const bySlug = new Map(
    (await tx.select({ slug: hubs.slug, name: hubs.name }).from(hubs)).map((h) => [h.slug, h]),
  );
  const inFile = new Set(rows.map((r) => r.value.slug));
  const takenNames = new Map(
    [...bySlug.values()].filter((h) => !inFile.has(h.slug)).map((h) => [h.name.toLowerCase(), h.slug]),
  );
  return rows.flatMap(({ line, value }) => {
    const other = takenNames.get(value.name.toLowerCase());
    return other ? [{ line, message: `name: ${value.name} is already the name of the hub ${other}` }] : [];
  });
}

const byLine = (problems: RowProblem[]) => [...problems].sort((a, b) => a.line - b.line);

/** Problems of the areas file, said to be so: its lines are not the hubs file's lines. */
const inAreasFile = (problems: RowProblem[]) =>
  new ImportRejectedError(
    byLine(problems).map((p) => ({ line: p.line, message: `areas file: ${p.message}` })),
  );

/** Rejects both files if either has a problem, listing the hubs file's problems, then the areas file's. */
function rejectFiles(hubProblems: RowProblem[], areaProblems: RowProblem[]): void {
  if (!hubProblems.length && !areaProblems.length) return;
  const areas = areaProblems.length ? inAreasFile(areaProblems).problems : [];
  throw new ImportRejectedError([...byLine(hubProblems), ...areas]);
}

function parseAreas(text: string): ReturnType<typeof parseHubAreasCsv> {
  try {
    return parseHubAreasCsv(text);
  } catch (error) {
    throw error instanceof ImportRejectedError ? inAreasFile(error.problems) : error;
  }
}

export interface HubImportSummary extends ImportSummary {
  areasAdded: number;
  areasRemoved: number;
}

/**
 * Imports the hubs file and, if given, the hub areas file: all or nothing, in one transaction, with
 * one event for each hub added or changed and for each hub whose area changed. A hub in the areas
 * file gets exactly the areas listed for it. Importing the same files again changes nothing.
 */
export async function importHubs(
  db: Database,
  actor: Actor,
  files: { hubs: string; hubsFileName?: string; areas?: string; areasFileName?: string },
): Promise<HubImportSummary> {
  const parsedHubs = parseHubsCsv(files.hubs);
  // A problem in either file rejects both, so the areas file is checked even if the hubs file is wrong.
  const parsedAreas = files.areas === undefined ? null : parseAreas(files.areas);
  const reason = (name: string | undefined, fallback: string) => `Imported from ${name ?? fallback}`;
  return db.transaction(async (tx) => {
    rejectFiles(
      [...parsedHubs.problems, ...(await nameClashes(tx, parsedHubs.rows))],
      parsedAreas?.problems ?? [],
    );
    const { changes, unchanged, idsBySlug } = await upsertHubs(
      tx,
      parsedHubs.rows.map((r) => r.value),
    );
    for (const change of changes) {
      await recordEvent(tx, actor, {
        action: `hub.${change.action}`,
        subjectType: 'hub',
        subjectId: change.hubId,
        hubId: change.hubId,
        reason: reason(files.hubsFileName, 'the hubs file'),
        changes: change.changes,
      });
    }
    let areasAdded = 0;
    let areasRemoved = 0;
    if (parsedAreas) {
      const areaChanges = await replaceHubAreas(tx, parsedAreas.rows, idsBySlug).catch((error: unknown) => {
        throw error instanceof ImportRejectedError ? inAreasFile(error.problems) : error;
      });
      for (const change of areaChanges) {
        areasAdded += change.added.length;
        areasRemoved += change.removed.length;
        await recordEvent(tx, actor, {
          action: 'hub.areas_replaced',
          subjectType: 'hub',
          subjectId: change.hubId,
          hubId: change.hubId,
          reason: reason(files.areasFileName, 'the hub areas file'),
          changes: { added: change.added, removed: change.removed, changed: change.changed },
        });
      }
    }
    return {
      created: changes.filter((c) => c.action === 'created').length,
      updated: changes.filter((c) => c.action === 'updated').length,
      unchanged,
      areasAdded,
      areasRemoved,
    };
  });
}
