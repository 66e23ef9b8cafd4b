import { getTableColumns } from 'drizzle-orm';
import { schools } from '../schema.ts';

type SchoolInsert = typeof schools.$inferInsert;

/** A school as an establishments file describes it: every column of `schools` an import writes. */
export type RegisterRow = {
  [K in keyof Omit<SchoolInsert, 'source' | 'updatedAt'>]-?: Exclude<SchoolInsert[K], undefined>;
};

/** The GIAS columns an establishments file must have. */
export const requiredGiasColumns = [
  'URN',
  'LA (code)',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentStatus (name)',
  'PhaseOfEducation (name)',
] as const;

/**
 * Where each register field comes from: the GIAS column, or null for a field we always work out (from the
 * required columns or our type list). An import writes a field only when the file has its column, so a
 * file without, say, districts (the state-funded extract) leaves the districts already held unchanged.
 */
const sources: Record<keyof RegisterRow, string | null> = {
  urn: 'URN',
  laCode: 'LA (code)',
  establishmentNumber: 'EstablishmentNumber',
  name: 'EstablishmentName',
  typeCode: null,
  typeName: 'TypeOfEstablishment (name)',
  typeGroupName: null,
  statusName: 'EstablishmentStatus (name)',
  isOpen: null,
  openDate: 'OpenDate',
  closeDate: 'CloseDate',
  phaseOfEducation: 'PhaseOfEducation (name)',
  phase: null,
  isStateFunded: null,
  statutoryLowAge: 'StatutoryLowAge',
  statutoryHighAge: 'StatutoryHighAge',
  hasSixthForm: 'OfficialSixthForm (name)',
  numberOfPupils: 'NumberOfPupils',
  percentageFsm: 'PercentageFSM',
  trustName: 'Trusts (name)',
  street: 'Street',
  locality: 'Locality',
  town: 'Town',
  postcode: 'Postcode',
  districtCode: 'DistrictAdministrative (code)',
  districtName: 'DistrictAdministrative (name)',
  regionName: 'GOR (name)',
  ukprn: 'UKPRN',
  website: 'SchoolWebsite',
  telephone: 'TelephoneNum',
  lastChangedDate: 'LastChangedDate',
};

export interface RegisterColumn {
  field: keyof RegisterRow;
  /** The column of `schools`. */
  column: string;
  /** The GIAS column it comes from, or null when always written. */
  giasColumn: string | null;
}

const tableColumns = getTableColumns(schools);

export const registerColumns: RegisterColumn[] = (Object.keys(sources) as (keyof RegisterRow)[]).map(
  (field) => ({
    field,
    column: tableColumns[field].name,
    giasColumn: sources[field],
  }),
);

/** The register columns a file with these GIAS columns writes. */
export const columnsWrittenBy = (giasColumns: ReadonlySet<string>) =>
  registerColumns.filter((c) => c.giasColumn === null || giasColumns.has(c.giasColumn));
