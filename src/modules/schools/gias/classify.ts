import type { SchoolPhase } from '../schema.ts';

/**
 * How the programme classifies a GIAS establishment: whether it is state-funded, which phase it counts
 * under, and whether it is open. Pure functions of the GIAS names (docs/imports/gias.md explains why).
 */

export const giasStatuses = ['Open', 'Closed', 'Open, but proposed to close', 'Proposed to open'] as const;
export type GiasStatus = (typeof giasStatuses)[number];

const stateFundedTypeGroups = new Set(['Local authority maintained schools', 'Academies', 'Free Schools']);
const stateFundedSpecialTypes = new Set(['Community special school', 'Foundation special school']);

/**
 * State-funded: local authority maintained schools, academies and free schools, and of the special
 * schools only community and foundation special schools (non-maintained and independent special schools
 * are not state-funded).
 */
export function isStateFunded(typeGroupName: string | null, typeName: string): boolean {
  if (typeGroupName === null) return false;
  if (stateFundedTypeGroups.has(typeGroupName)) return true;
  return typeGroupName === 'Special schools' && stateFundedSpecialTypes.has(typeName);
}

/** Open for the programme's purposes: it has pupils now ('Proposed to open' has none yet). */
export const isOpenStatus = (status: GiasStatus) =>
  status === 'Open' || status === 'Open, but proposed to close';

const specialTypes = new Set([
  'Community special school',
  'Foundation special school',
  'Non-maintained special school',
  'Other independent special school',
  'Academy special converter',
  'Academy special sponsor led',
  'Free schools special',
  'Special post 16 institution',
]);
const alternativeProvisionTypes = new Set([
  'Pupil referral unit',
  'Academy alternative provision converter',
  'Academy alternative provision sponsor led',
  'Free schools alternative provision',
]);
const post16Types = new Set([
  'Further education',
  'Sixth form centres',
  'Academy 16-19 converter',
  'Academy 16 to 19 sponsor led',
  'Academy secure 16 to 19',
  'Free schools 16 to 19',
]);
/** Groups outside England's schools and colleges: universities, Welsh, overseas and other establishments. */
const otherTypeGroups = new Set([
  'Universities',
  'Welsh schools',
  'Other types',
  'Online provider',
  "Children's centres",
]);

const phaseByGiasPhase: Record<string, SchoolPhase> = {
  nursery: 'nursery',
  primary: 'primary',
  'middle deemed primary': 'primary',
  secondary: 'secondary',
  'middle deemed secondary': 'secondary',
  'all-through': 'all_through',
  '16 plus': 'post_16',
};

/** The GIAS phases of education this classification knows ('Not applicable' included). */
export const isKnownGiasPhase = (phase: string | null) =>
  phase === null || phase === 'Not applicable' || phase.toLowerCase() in phaseByGiasPhase;

export interface PhaseEvidence {
  typeName: string;
  typeGroupName: string | null;
  phaseOfEducation: string | null;
  statutoryLowAge: number | null;
  statutoryHighAge: number | null;
}

/**
 * The programme's phase. The type decides first: special schools and alternative provision (PRUs, AP
 * academies and free schools) are 'special' whatever their GIAS phase, because the annual report counts
 * them apart from primary and secondary schools; colleges and 16 to 19 academies and free schools are
 * 'post_16'; LA nursery schools 'nursery'; universities and establishments outside England's school
 * system 'other'. Then the GIAS phase of education; and for 'Not applicable' (mostly independent
 * schools) the statutory age range.
 */
export function schoolPhase(school: PhaseEvidence): SchoolPhase {
  const { typeName, typeGroupName } = school;
  if (specialTypes.has(typeName) || alternativeProvisionTypes.has(typeName)) return 'special';
  if (post16Types.has(typeName) || typeGroupName === 'Colleges') return 'post_16';
  if (typeName === 'Local authority nursery school') return 'nursery';
  if (typeGroupName !== null && otherTypeGroups.has(typeGroupName)) return 'other';
  const byGiasPhase = school.phaseOfEducation
    ? phaseByGiasPhase[school.phaseOfEducation.toLowerCase()]
    : undefined;
  return byGiasPhase ?? phaseFromAges(school.statutoryLowAge, school.statutoryHighAge);
}

/**
 * The phase an age range falls in: from 16 post-16; up to 5 nursery; from 11 secondary; up to 13
 * primary (preparatory schools); from 9 secondary (upper middle schools); otherwise all-through.
 */
export function phaseFromAges(low: number | null, high: number | null): SchoolPhase {
  if (low === null || high === null) return 'other';
  if (low >= 16) return 'post_16';
  if (high <= 5) return 'nursery';
  if (low >= 11) return 'secondary';
  if (high <= 13) return 'primary';
  if (low >= 9) return 'secondary';
  return 'all_through';
}

/** 'Has a sixth form' / 'Does not have a sixth form'; anything else ('Not applicable') is unknown. */
export function hasSixthForm(officialSixthForm: string | null): boolean | null {
  if (officialSixthForm === 'Has a sixth form') return true;
  if (officialSixthForm === 'Does not have a sixth form') return false;
  return null;
}
