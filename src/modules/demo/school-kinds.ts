import type { SchoolPhase } from '../schools/schema.ts';

/** Which range of URNs an establishment's URN comes from. */
export type UrnBlock = 'maintained' | 'academy' | 'independent';

/** How a kind of school is usually named (see school-names.ts). */
export type NameStyle =
  | 'primary'
  | 'secondary'
  | 'all-through'
  | 'utc'
  | 'studio'
  | 'special'
  | 'pru'
  | 'ap'
  | 'nursery'
  | 'sixth-form'
  | 'independent'
  | 'independent-special'
  | 'college';

export type Governance = 'maintained' | 'academy' | 'free' | 'independent';

/** A type of establishment in one phase, with how many of them are open in England. */
export interface SchoolKind {
  key: string;
  typeCode: string;
  typeName: string;
  typeGroupName: string;
  phase: SchoolPhase;
  /** GIAS "PhaseOfEducation (name)". */
  phaseOfEducation: string;
  isStateFunded: boolean;
  governance: Governance;
  /** Open establishments of this kind nationally (DfE figures for 2023/24, rounded). */
  open: number;
  /** Share of open schools of this kind that replaced a school now closed (academy conversions). */
  predecessorShare: number;
  urnBlock: UrnBlock;
  nameStyle: NameStyle;
  /** Statutory age ranges, with weights. */
  ages: readonly (readonly [low: number, high: number, weight: number])[];
  /** Number on roll: mean, standard deviation, minimum, maximum (none for colleges). */
  pupils: readonly [number, number, number, number] | null;
  /** Religious character, with weights ('none', 'cofe', 'rc', 'methodist'). */
  faith: readonly (readonly [Faith, number])[];
}

export type Faith = 'none' | 'cofe' | 'rc' | 'methodist';

const LA = 'Local authority maintained schools';
const ACADEMIES = 'Academies';
const FREE = 'Free Schools';
const SPECIAL = 'Special schools';

const primaryAges = [
  [4, 11, 70],
  [3, 11, 22],
  [4, 7, 4],
  [7, 11, 4],
] as const;
const secondaryAges = [
  [11, 16, 42],
  [11, 18, 58],
] as const;
const specialAges = [
  [2, 19, 35],
  [3, 19, 15],
  [11, 19, 30],
  [4, 11, 12],
  [5, 16, 8],
] as const;
const apAges = [
  [11, 16, 70],
  [5, 16, 20],
  [14, 16, 10],
] as const;
const noFaith = [['none', 1]] as const;

type KindSeed = Omit<SchoolKind, 'isStateFunded' | 'predecessorShare' | 'faith'> &
  Partial<Pick<SchoolKind, 'isStateFunded' | 'predecessorShare' | 'faith'>>;
const kind = (seed: KindSeed): SchoolKind => ({
  isStateFunded: true,
  predecessorShare: seed.typeName.includes('converter') ? 0.4 : 0,
  faith: noFaith,
  ...seed,
});

const primary = {
  phase: 'primary',
  phaseOfEducation: 'Primary',
  nameStyle: 'primary',
  ages: primaryAges,
  pupils: [290, 140, 20, 900],
} as const;
const secondary = {
  phase: 'secondary',
  phaseOfEducation: 'Secondary',
  nameStyle: 'secondary',
  ages: secondaryAges,
  pupils: [1050, 350, 200, 2600],
} as const;
const allThrough = {
  phase: 'all_through',
  phaseOfEducation: 'All-through',
  nameStyle: 'all-through',
  ages: [
    [4, 18, 3],
    [3, 18, 1],
  ],
  pupils: [1300, 400, 300, 2800],
} as const;
const special = {
  phase: 'special',
  phaseOfEducation: 'Not applicable',
  nameStyle: 'special',
  ages: specialAges,
  pupils: [120, 60, 15, 450],
} as const;
const ap = {
  phase: 'other',
  phaseOfEducation: 'Not applicable',
  nameStyle: 'ap',
  ages: apAges,
  pupils: [45, 30, 5, 250],
} as const;
const sixthForm = {
  phase: 'post_16',
  phaseOfEducation: '16 plus',
  nameStyle: 'sixth-form',
  ages: [[16, 19, 1]],
  pupils: [650, 300, 100, 2000],
} as const;

/**
 * The kinds of establishment in the demonstration register, in realistic national proportions:
 * about 16,800 state-funded primary schools, 3,450 secondary (170 of them all-through), 1,060
 * special, 350 alternative provision, 390 nursery and 150 16 to 19 schools, plus independent
 * schools, non-maintained special schools and colleges, which are not state-funded schools.
 */
export const schoolKinds: readonly SchoolKind[] = [
  kind({
    key: 'primary-community',
    typeCode: '1',
    typeName: 'Community school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 5600,
    urnBlock: 'maintained',
    ...primary,
  }),
  kind({
    key: 'primary-va',
    typeCode: '2',
    typeName: 'Voluntary aided school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 2100,
    urnBlock: 'maintained',
    ...primary,
    faith: [
      ['cofe', 52],
      ['rc', 45],
      ['methodist', 3],
    ],
  }),
  kind({
    key: 'primary-vc',
    typeCode: '3',
    typeName: 'Voluntary controlled school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 1480,
    urnBlock: 'maintained',
    ...primary,
    faith: [
      ['cofe', 96],
      ['methodist', 4],
    ],
  }),
  kind({
    key: 'primary-foundation',
    typeCode: '5',
    typeName: 'Foundation school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 480,
    urnBlock: 'maintained',
    ...primary,
  }),
  kind({
    key: 'primary-converter',
    typeCode: '34',
    typeName: 'Academy converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 5550,
    urnBlock: 'academy',
    ...primary,
    faith: [
      ['none', 70],
      ['cofe', 19],
      ['rc', 11],
    ],
  }),
  kind({
    key: 'primary-sponsor',
    typeCode: '28',
    typeName: 'Academy sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 1300,
    urnBlock: 'academy',
    ...primary,
    faith: [
      ['none', 86],
      ['cofe', 10],
      ['rc', 4],
    ],
  }),
  kind({
    key: 'primary-free',
    typeCode: '35',
    typeName: 'Free schools',
    typeGroupName: FREE,
    governance: 'free',
    open: 270,
    urnBlock: 'academy',
    ...primary,
  }),

  kind({
    key: 'secondary-community',
    typeCode: '1',
    typeName: 'Community school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 250,
    urnBlock: 'maintained',
    ...secondary,
  }),
  kind({
    key: 'secondary-va',
    typeCode: '2',
    typeName: 'Voluntary aided school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 185,
    urnBlock: 'maintained',
    ...secondary,
    faith: [
      ['rc', 65],
      ['cofe', 35],
    ],
  }),
  kind({
    key: 'secondary-vc',
    typeCode: '3',
    typeName: 'Voluntary controlled school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 25,
    urnBlock: 'maintained',
    ...secondary,
    faith: [['cofe', 1]],
  }),
  kind({
    key: 'secondary-foundation',
    typeCode: '5',
    typeName: 'Foundation school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 150,
    urnBlock: 'maintained',
    ...secondary,
  }),
  kind({
    key: 'secondary-converter',
    typeCode: '34',
    typeName: 'Academy converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 1880,
    urnBlock: 'academy',
    ...secondary,
    faith: [
      ['none', 84],
      ['rc', 10],
      ['cofe', 6],
    ],
  }),
  kind({
    key: 'secondary-sponsor',
    typeCode: '28',
    typeName: 'Academy sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 570,
    urnBlock: 'academy',
    ...secondary,
    faith: [
      ['none', 92],
      ['cofe', 6],
      ['rc', 2],
    ],
  }),
  kind({
    key: 'secondary-free',
    typeCode: '35',
    typeName: 'Free schools',
    typeGroupName: FREE,
    governance: 'free',
    open: 145,
    urnBlock: 'academy',
    ...secondary,
  }),
  kind({
    key: 'secondary-utc',
    typeCode: '40',
    typeName: 'University technical college',
    typeGroupName: FREE,
    governance: 'free',
    open: 48,
    urnBlock: 'academy',
    ...secondary,
    nameStyle: 'utc',
    ages: [[14, 19, 1]],
    pupils: [350, 150, 80, 900],
  }),
  kind({
    key: 'secondary-studio',
    typeCode: '41',
    typeName: 'Studio schools',
    typeGroupName: FREE,
    governance: 'free',
    open: 27,
    urnBlock: 'academy',
    ...secondary,
    nameStyle: 'studio',
    ages: [[14, 19, 1]],
    pupils: [200, 80, 50, 450],
  }),

  kind({
    key: 'all-through-converter',
    typeCode: '34',
    typeName: 'Academy converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 60,
    urnBlock: 'academy',
    ...allThrough,
  }),
  kind({
    key: 'all-through-sponsor',
    typeCode: '28',
    typeName: 'Academy sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 40,
    urnBlock: 'academy',
    ...allThrough,
  }),
  kind({
    key: 'all-through-free',
    typeCode: '35',
    typeName: 'Free schools',
    typeGroupName: FREE,
    governance: 'free',
    open: 50,
    urnBlock: 'academy',
    ...allThrough,
  }),
  kind({
    key: 'all-through-community',
    typeCode: '1',
    typeName: 'Community school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 12,
    urnBlock: 'maintained',
    ...allThrough,
  }),
  kind({
    key: 'all-through-va',
    typeCode: '2',
    typeName: 'Voluntary aided school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 4,
    urnBlock: 'maintained',
    ...allThrough,
    faith: [['cofe', 1]],
  }),
  kind({
    key: 'all-through-foundation',
    typeCode: '5',
    typeName: 'Foundation school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 4,
    urnBlock: 'maintained',
    ...allThrough,
  }),

  kind({
    key: 'special-community',
    typeCode: '7',
    typeName: 'Community special school',
    typeGroupName: SPECIAL,
    governance: 'maintained',
    open: 440,
    urnBlock: 'maintained',
    ...special,
  }),
  kind({
    key: 'special-foundation',
    typeCode: '12',
    typeName: 'Foundation special school',
    typeGroupName: SPECIAL,
    governance: 'maintained',
    open: 30,
    urnBlock: 'maintained',
    ...special,
  }),
  kind({
    key: 'special-converter',
    typeCode: '44',
    typeName: 'Academy special converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 310,
    urnBlock: 'academy',
    ...special,
  }),
  kind({
    key: 'special-sponsor',
    typeCode: '33',
    typeName: 'Academy special sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 110,
    urnBlock: 'academy',
    ...special,
  }),
  kind({
    key: 'special-free',
    typeCode: '36',
    typeName: 'Free schools special',
    typeGroupName: FREE,
    governance: 'free',
    open: 170,
    urnBlock: 'academy',
    ...special,
  }),

  kind({
    key: 'ap-pru',
    typeCode: '14',
    typeName: 'Pupil referral unit',
    typeGroupName: LA,
    governance: 'maintained',
    open: 130,
    urnBlock: 'maintained',
    ...ap,
    nameStyle: 'pru',
  }),
  kind({
    key: 'ap-converter',
    typeCode: '42',
    typeName: 'Academy alternative provision converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 70,
    urnBlock: 'academy',
    ...ap,
  }),
  kind({
    key: 'ap-sponsor',
    typeCode: '43',
    typeName: 'Academy alternative provision sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 90,
    urnBlock: 'academy',
    ...ap,
  }),
  kind({
    key: 'ap-free',
    typeCode: '38',
    typeName: 'Free schools alternative provision',
    typeGroupName: FREE,
    governance: 'free',
    open: 60,
    urnBlock: 'academy',
    ...ap,
  }),

  kind({
    key: 'nursery',
    typeCode: '15',
    typeName: 'Local authority nursery school',
    typeGroupName: LA,
    governance: 'maintained',
    open: 389,
    urnBlock: 'maintained',
    phase: 'nursery',
    phaseOfEducation: 'Nursery',
    nameStyle: 'nursery',
    ages: [
      [2, 5, 3],
      [3, 5, 1],
    ],
    pupils: [95, 35, 20, 250],
  }),

  kind({
    key: 'sixteen-converter',
    typeCode: '45',
    typeName: 'Academy 16-19 converter',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 75,
    urnBlock: 'academy',
    ...sixthForm,
  }),
  kind({
    key: 'sixteen-sponsor',
    typeCode: '46',
    typeName: 'Academy 16 to 19 sponsor led',
    typeGroupName: ACADEMIES,
    governance: 'academy',
    open: 25,
    urnBlock: 'academy',
    ...sixthForm,
  }),
  kind({
    key: 'sixteen-free',
    typeCode: '39',
    typeName: 'Free schools 16 to 19',
    typeGroupName: FREE,
    governance: 'free',
    open: 50,
    urnBlock: 'academy',
    ...sixthForm,
  }),

  kind({
    key: 'independent',
    typeCode: '11',
    typeName: 'Other independent school',
    typeGroupName: 'Independent schools',
    governance: 'independent',
    isStateFunded: false,
    open: 2150,
    urnBlock: 'independent',
    phase: 'other',
    phaseOfEducation: 'Not applicable',
    nameStyle: 'independent',
    ages: [
      [3, 18, 3],
      [4, 11, 2],
      [7, 18, 1],
      [11, 18, 2],
      [2, 13, 1],
    ],
    pupils: [280, 220, 10, 1800],
  }),
  kind({
    key: 'independent-special',
    typeCode: '10',
    typeName: 'Other independent special school',
    typeGroupName: SPECIAL,
    governance: 'independent',
    isStateFunded: false,
    open: 650,
    urnBlock: 'independent',
    phase: 'special',
    phaseOfEducation: 'Not applicable',
    nameStyle: 'independent-special',
    ages: specialAges,
    pupils: [45, 30, 4, 200],
  }),
  kind({
    key: 'non-maintained-special',
    typeCode: '8',
    typeName: 'Non-maintained special school',
    typeGroupName: SPECIAL,
    governance: 'independent',
    isStateFunded: false,
    open: 60,
    urnBlock: 'independent',
    phase: 'special',
    phaseOfEducation: 'Not applicable',
    nameStyle: 'special',
    ages: specialAges,
    pupils: [90, 40, 15, 250],
  }),
  kind({
    key: 'further-education',
    typeCode: '18',
    typeName: 'Further education',
    typeGroupName: 'Colleges',
    governance: 'independent',
    isStateFunded: false,
    open: 225,
    urnBlock: 'independent',
    phase: 'post_16',
    phaseOfEducation: '16 plus',
    nameStyle: 'college',
    ages: [[16, 99, 1]],
    pupils: null,
  }),
];

/** Local authorities with selective schools, where some secondaries are grammar schools. */
export const grammarSchoolAuthorities = new Set([
  '302',
  '303',
  '314',
  '317',
  '319',
  '330',
  '344',
  '358',
  '825',
  '870',
  '871',
  '879',
  '880',
  '882',
  '886',
  '887',
  '916',
  '925',
]);
