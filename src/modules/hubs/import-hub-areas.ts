import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/database.ts';
import type { RowProblem } from '../../platform/errors.ts';
import { areaKey, districtCodePattern } from './area-rules.ts';
import {
  blankToNull,
  type CsvLayout,
  duplicateProblems,
  readCsv,
  rejectIfAny,
  validateRows,
} from './csv-import.ts';
import { hubFieldRules } from './hub-fields.ts';
import { registerDistrictsByLa } from './register-districts.ts';
import { hubAreas, hubs, localAuthorities } from './schema.ts';

export const hubAreasLayout: CsvLayout = {
  required: ['hub_slug', 'la_code'],
  optional: ['district_code', 'district_name', 'is_demonstration'],
  ignored: ['hub_name', 'la_name', 'source', 'notes'],
};

const yesOrNo = z.preprocess(
  (value) => (blankToNull(value) === null ? 'false' : String(value).toLowerCase()),
  z.enum(['true', 'false', 'yes', 'no', '1', '0'], 'must be true or false (or empty for false)'),
);

const hubAreaRow = z
  .object({
    hub_slug: hubFieldRules.slug,
    la_code: z.string().regex(/^\d{3}$/, 'must be the 3-digit DfE code of the local authority, like 891'),
    district_code: z
      .preprocess(
        blankToNull,
        z
          .string()
          .regex(districtCodePattern, 'must be the ONS code of a district, like E07000170')
          .nullable(),
      )
      .optional(),
    district_name: z
      .preprocess(blankToNull, z.string().max(100, 'is longer than 100 characters').nullable())
      .optional(),
    is_demonstration: yesOrNo,
  })
  .superRefine((row, context) => {
    if (row.district_name && !row.district_code) {
      context.addIssue({
        code: 'custom',
        path: ['district_code'],
        message: 'is empty but district_name is given',
      });
    }
  })
  .transform((row) => ({
    hubSlug: row.hub_slug,
    laCode: row.la_code,
    districtCode: row.district_code ?? null,
    districtName: row.district_name ?? null,
    isDemonstration: ['true', 'yes', '1'].includes(row.is_demonstration),
  }));

export type HubAreaInput = z.output<typeof hubAreaRow>;

const describeRef = (a: HubAreaInput) =>
  a.districtCode ? `${a.laCode} district ${a.districtCode}` : a.laCode;

/** Reads and checks a hub areas file on its own (references to hubs and authorities are checked on import). */
export function parseHubAreasCsv(text: string): {
  rows: { line: number; value: HubAreaInput }[];
  problems: RowProblem[];
} {
  const file = readCsv(text, hubAreasLayout);
  const { valid, problems } = validateRows(file.rows, hubAreaRow);
  problems.push(...duplicateProblems(valid, (a) => describeRef(a), 'area'));
  const wholeLine = new Map(
    valid.filter((r) => !r.value.districtCode).map((r) => [`${r.value.hubSlug}|${r.value.laCode}`, r.line]),
  );
  for (const { line, value } of valid) {
    const whole = value.districtCode ? wholeLine.get(`${value.hubSlug}|${value.laCode}`) : undefined;
    if (whole !== undefined) {
      problems.push({
        line,
        message: `district_code: ${value.hubSlug} already takes the whole of ${value.laCode} on line ${whole}`,
      });
    }
  }
  return { rows: valid, problems };
}

export interface AreaSummary {
  laCode: string;
  laName: string;
  districtCode: string | null;
  districtName: string | null;
  isDemonstration: boolean;
}

export interface HubAreasChange {
  hubId: number;
  added: AreaSummary[];
  removed: AreaSummary[];
  changed: AreaSummary[];
}

/**
 * Gives each hub in the rows exactly the areas listed for it. An area that another hub (not in the
 * rows) holds is a problem, as are unknown hubs, authorities and districts: the file is rejected.
 */
export async function replaceHubAreas(
  tx: Executor,
  rows: { line: number; value: HubAreaInput }[],
  hubIdsBySlug: Map<string, number>,
): Promise<HubAreasChange[]> {
  const laCodes = [...new Set(rows.map((r) => r.value.laCode))];
  const laNames = new Map(
    (
      await tx.select({ code: localAuthorities.code, name: localAuthorities.name }).from(localAuthorities)
    ).map((la) => [la.code, la.name]),
  );
  const districtsByLa = await registerDistrictsByLa(tx, laCodes);
  const hubNames = new Map(
    (await tx.select({ id: hubs.id, name: hubs.name }).from(hubs)).map((h) => [h.id, h.name]),
  );
  const existing = await tx.select().from(hubAreas);
  const ownerByKey = new Map(existing.map((a) => [areaKey(a), a.hubId]));
  const hubIdsInFile = new Set(
    rows.map((r) => hubIdsBySlug.get(r.value.hubSlug)).filter((id) => id !== undefined),
  );

  const problems: RowProblem[] = [];
  const wanted: (HubAreaInput & { hubId: number; laName: string })[] = [];
  for (const { line, value } of rows) {
    const hubId = hubIdsBySlug.get(value.hubSlug);
    const laName = laNames.get(value.laCode);
    if (hubId === undefined) problems.push({ line, message: `hub_slug: there is no hub ${value.hubSlug}` });
    if (!laName) {
      problems.push({
        line,
        message: `la_code: there is no local authority ${value.laCode} (import the local authorities first)`,
      });
    }
    const known = districtsByLa.get(value.laCode);
    let districtName = value.districtName;
    if (value.districtCode && known?.size) {
      if (!known.has(value.districtCode)) {
        problems.push({
          line,
          message: `district_code: ${value.districtCode} is not a district of ${laName ?? value.laCode} in the school register`,
        });
      }
      districtName ??= known.get(value.districtCode) ?? null;
    }
    if (value.districtCode && !districtName) {
      problems.push({
        line,
        message: 'district_name: is empty and the school register does not name this district',
      });
    }
    const owner = ownerByKey.get(areaKey(value));
    if (owner !== undefined && !hubIdsInFile.has(owner)) {
      problems.push({
        line,
        message: `${describeRef(value)} is in the area of ${hubNames.get(owner)}, which this file does not list: include that hub's areas or remove the area from it first`,
      });
    }
    if (hubId !== undefined && laName) wanted.push({ ...value, districtName, hubId, laName });
  }
  rejectIfAny(problems);
  return applyAreas(tx, wanted, existing, hubIdsInFile, laNames);
}

async function applyAreas(
  tx: Executor,
  wanted: (HubAreaInput & { hubId: number; laName: string })[],
  existing: (typeof hubAreas.$inferSelect)[],
  hubIds: Set<number>,
  laNames: Map<string, string>,
): Promise<HubAreasChange[]> {
  const summary = (a: {
    laCode: string;
    districtCode: string | null;
    districtName: string | null;
    isDemonstration: boolean;
  }) => ({
    laCode: a.laCode,
    laName: laNames.get(a.laCode) ?? a.laCode,
    districtCode: a.districtCode,
    districtName: a.districtName,
    isDemonstration: a.isDemonstration,
  });
  const wantedKeys = new Map(wanted.map((w) => [`${w.hubId}|${areaKey(w)}`, w]));
  const current = existing.filter((a) => hubIds.has(a.hubId));
  const toRemove = current.filter((a) => !wantedKeys.has(`${a.hubId}|${areaKey(a)}`));
  const currentByKey = new Map(current.map((a) => [`${a.hubId}|${areaKey(a)}`, a]));
  const toAdd = wanted.filter((w) => !currentByKey.has(`${w.hubId}|${areaKey(w)}`));
  const toChange = wanted.filter((w) => {
    const before = currentByKey.get(`${w.hubId}|${areaKey(w)}`);
    return before && (before.isDemonstration !== w.isDemonstration || before.districtName !== w.districtName);
  });

  // Removals first: an area moving between two hubs of the file must be free before it is added.
  if (toRemove.length)
    await tx.delete(hubAreas).where(
      inArray(
        hubAreas.id,
        toRemove.map((a) => a.id),
      ),
    );
  for (const w of toChange) {
    const before = currentByKey.get(`${w.hubId}|${areaKey(w)}`)!;
    await tx
      .update(hubAreas)
      .set({ isDemonstration: w.isDemonstration, districtName: w.districtName })
      .where(inArray(hubAreas.id, [before.id]));
  }
  if (toAdd.length) {
    await tx.insert(hubAreas).values(
      toAdd.map((w) => ({
        hubId: w.hubId,
        laCode: w.laCode,
        districtCode: w.districtCode,
        districtName: w.districtName,
        isDemonstration: w.isDemonstration,
      })),
    );
  }
  return [...hubIds]
    .map((hubId) => ({
      hubId,
      added: toAdd.filter((a) => a.hubId === hubId).map(summary),
      removed: toRemove.filter((a) => a.hubId === hubId).map(summary),
      changed: toChange.filter((a) => a.hubId === hubId).map(summary),
    }))
    .filter((c) => c.added.length + c.removed.length + c.changed.length > 0);
}
