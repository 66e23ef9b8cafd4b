/**
 * The GIAS establishment types and the type group each belongs to, with the type's GIAS code: the pairs
 * present in the April 2025 full extract (source: DfE Get Information About Schools, Open Government
 * Licence). The state-funded extract names a type but not its group, so the group is looked up here.
 */
export interface EstablishmentType {
  code: string;
  name: string;
  groupName: string;
}

const types: [code: string, name: string, groupName: string][] = [
  ['18', 'Further education', 'Colleges'],
  ['31', 'Sixth form centres', 'Colleges'],
  ['29', 'Higher education institutions', 'Universities'],
  ['06', 'City technology college', 'Independent schools'],
  ['11', 'Other independent school', 'Independent schools'],
  ['01', 'Community school', 'Local authority maintained schools'],
  ['02', 'Voluntary aided school', 'Local authority maintained schools'],
  ['03', 'Voluntary controlled school', 'Local authority maintained schools'],
  ['05', 'Foundation school', 'Local authority maintained schools'],
  ['14', 'Pupil referral unit', 'Local authority maintained schools'],
  ['15', 'Local authority nursery school', 'Local authority maintained schools'],
  ['07', 'Community special school', 'Special schools'],
  ['08', 'Non-maintained special school', 'Special schools'],
  ['10', 'Other independent special school', 'Special schools'],
  ['12', 'Foundation special school', 'Special schools'],
  ['30', 'Welsh establishment', 'Welsh schools'],
  ['24', 'Secure units', 'Other types'],
  ['25', 'Offshore schools', 'Other types'],
  ['26', "Service children's education", 'Other types'],
  ['27', 'Miscellaneous', 'Other types'],
  ['32', 'Special post 16 institution', 'Other types'],
  ['37', 'British schools overseas', 'Other types'],
  ['56', 'Institution funded by other government department', 'Other types'],
  ['28', 'Academy sponsor led', 'Academies'],
  ['33', 'Academy special sponsor led', 'Academies'],
  ['34', 'Academy converter', 'Academies'],
  ['42', 'Academy alternative provision converter', 'Academies'],
  ['43', 'Academy alternative provision sponsor led', 'Academies'],
  ['44', 'Academy special converter', 'Academies'],
  ['45', 'Academy 16-19 converter', 'Academies'],
  ['46', 'Academy 16 to 19 sponsor led', 'Academies'],
  ['57', 'Academy secure 16 to 19', 'Academies'],
  ['35', 'Free schools', 'Free Schools'],
  ['36', 'Free schools special', 'Free Schools'],
  ['38', 'Free schools alternative provision', 'Free Schools'],
  ['39', 'Free schools 16 to 19', 'Free Schools'],
  ['40', 'University technical college', 'Free Schools'],
  ['41', 'Studio schools', 'Free Schools'],
  ['49', 'Online provider', 'Online provider'],
];

const byName = new Map<string, EstablishmentType>(
  types.map(([code, name, groupName]) => [name.toLowerCase(), { code, name, groupName }]),
);

/** The establishment type with this GIAS name (any letter case), or null for a type we do not know. */
export function establishmentType(name: string): EstablishmentType | null {
  return byName.get(name.toLowerCase()) ?? null;
}

/** A GIAS type code as the full extract writes it: two digits, '02'. */
export const typeCode = (code: string) => (/^\d+$/.test(code) ? code.padStart(2, '0') : code);
