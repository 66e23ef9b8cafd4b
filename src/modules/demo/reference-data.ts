import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportRejectedError } from '../../platform/errors.ts';
import { projectRoot } from '../../platform/views.ts';
import { readCsv } from '../hubs/csv-import.ts';
import { type HubAreaInput, parseHubAreasCsv } from '../hubs/import-hub-areas.ts';
import { type HubInput, parseHubsCsv } from '../hubs/import-hubs.ts';
import { type LocalAuthorityInput, parseLocalAuthoritiesCsv } from '../hubs/import-local-authorities.ts';
import type { DemoDistrict } from './generate-schools.ts';

/** The project's reference files (reference/README.md names their sources). */
export const referenceFile = (name: string) =>
  readFileSync(path.join(projectRoot, 'reference', name), 'utf8');

function orThrow<T>(
  name: string,
  parsed: { rows: { value: T }[]; problems: { line: number; message: string }[] },
): T[] {
  if (parsed.problems.length)
    throw new ImportRejectedError(parsed.problems, `reference/${name} is not valid`);
  return parsed.rows.map((r) => r.value);
}

export interface ReferenceNetwork {
  localAuthorities: LocalAuthorityInput[];
  hubs: HubInput[];
  /** The hub areas public sources give (not demonstration). */
  knownAreas: HubAreaInput[];
  /** The districts of the county councils (ONS codes), which GIAS records as DistrictAdministrative. */
  districts: DemoDistrict[];
}

export function readReferenceNetwork(): ReferenceNetwork {
  const districtFile = readCsv(referenceFile('local-authority-districts.csv'), {
    required: ['la_code', 'district_code', 'district_name'],
    optional: [],
    ignored: ['la_name'],
  });
  return {
    localAuthorities: parseLocalAuthoritiesCsv(referenceFile('local-authorities.csv')),
    hubs: orThrow('maths-hubs.csv', parseHubsCsv(referenceFile('maths-hubs.csv'))),
    knownAreas: orThrow('maths-hub-areas.csv', parseHubAreasCsv(referenceFile('maths-hub-areas.csv'))),
    districts: districtFile.rows.map(({ cells }) => ({
      laCode: cells.la_code!,
      code: cells.district_code!,
      name: cells.district_name!,
    })),
  };
}
