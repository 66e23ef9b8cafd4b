import { featureName, ourLadyTitles, saints } from './places.ts';
import type { Random } from './random.ts';
import type { Faith, Governance, NameStyle } from './school-kinds.ts';

export interface NameContext {
  random: Random;
  town: string;
  otherTown: string;
  style: NameStyle;
  governance: Governance;
  faith: Faith;
  /** For primary schools: 'infant' (ages 4–7), 'junior' (7–11) or an ordinary primary school. */
  variant: 'primary' | 'infant' | 'junior';
  grammar: boolean;
}

type Pattern = string;

/** Fills {Town}, {Other}, {Feature}, {Saint} and {OurLady} in a pattern. */
function fill(pattern: Pattern, c: NameContext): string {
  return pattern
    .replaceAll('{Town}', c.town)
    .replaceAll('{Other}', c.otherTown)
    .replaceAll('{Feature}', featureName(c.random))
    .replaceAll('{Saint}', c.random.pick(saints))
    .replaceAll('{OurLady}', c.random.pick(ourLadyTitles));
}

const primaryPatterns: Record<Faith, Record<'maintained' | 'academy' | 'free', Pattern[]>> = {
  none: {
    maintained: [
      '{Town} Primary School',
      '{Town} Primary School',
      '{Town} Community Primary School',
      '{Feature} Primary School',
      '{Feature} Primary School',
      '{Town} Park Primary School',
    ],
    academy: [
      '{Town} Primary Academy',
      '{Feature} Primary Academy',
      '{Town} Primary School',
      '{Feature} Academy',
      '{Feature} Primary School',
    ],
    free: [
      '{Town} Free School',
      '{Feature} Primary',
      '{Town} Park Primary School',
      '{Feature} Primary Academy',
    ],
  },
  cofe: {
    maintained: [
      "St {Saint}'s CofE Primary School",
      "St {Saint}'s CofE Primary School",
      '{Town} CofE Primary School',
      '{Town} Church of England Primary School',
      'Holy Trinity CofE Primary School',
      'Christ Church CofE Primary School',
      "St {Saint}'s Church of England Primary School",
    ],
    academy: [
      "St {Saint}'s CofE Primary Academy",
      '{Town} CofE Primary Academy',
      '{Town} Church of England Primary School',
      "St {Saint}'s CofE Primary School",
    ],
    free: ['{Town} Church of England Free School'],
  },
  rc: {
    maintained: [
      "St {Saint}'s Catholic Primary School",
      "St {Saint}'s Catholic Primary School",
      "St {Saint}'s RC Primary School",
      'Our Lady of {OurLady} Catholic Primary School',
      'Sacred Heart Catholic Primary School',
      'Holy Family Catholic Primary School',
      'Corpus Christi Catholic Primary School',
    ],
    academy: [
      "St {Saint}'s Catholic Primary School, a Catholic Voluntary Academy",
      "St {Saint}'s Catholic Primary Academy",
      'Our Lady of {OurLady} Catholic Primary School',
      "St {Saint}'s Catholic Primary School",
    ],
    free: ["St {Saint}'s Catholic Free School"],
  },
  methodist: {
    maintained: ['{Town} Methodist Primary School', '{Town} Methodist School'],
    academy: ['{Town} Methodist Primary Academy'],
    free: ['{Town} Methodist Free School'],
  },
};

const secondaryPatterns: Record<Faith, Pattern[]> = {
  none: [
    '{Town} High School',
    '{Town} School',
    '{Town} Community College',
    '{Town} Community School',
    '{Feature} High School',
  ],
  cofe: [
    '{Town} Church of England Academy',
    "St {Saint}'s Church of England High School",
    '{Town} CofE School',
  ],
  rc: [
    "St {Saint}'s Catholic High School",
    "St {Saint}'s Catholic College",
    "St {Saint}'s Catholic School",
    'Holy Family Catholic High School',
    'Our Lady of {OurLady} Catholic High School',
  ],
  methodist: ['{Town} Methodist College'],
};
const secondaryAcademyPatterns = [
  '{Town} Academy',
  '{Town} High School',
  '{Town} School',
  '{Feature} Academy',
  '{Town} College',
  'The {Town} Academy',
];

const patternsByStyle: Partial<Record<NameStyle, Pattern[]>> = {
  'all-through': ['{Town} Academy', '{Town} All-Through School', '{Feature} School', '{Town} School'],
  utc: ['UTC {Town}', '{Town} University Technical College'],
  studio: ['{Town} Studio School', 'The Studio School {Town}'],
  special: [
    '{Feature} School',
    '{Feature} School',
    '{Feature} Special School',
    '{Town} Park School',
    '{Feature} House School',
  ],
  pru: ['{Town} Pupil Referral Unit', '{Town} Learning Centre', '{Feature} Centre', '{Town} Tuition Service'],
  ap: ['{Feature} Academy', '{Town} Alternative Provision Academy', '{Feature} Learning Centre'],
  nursery: [
    '{Town} Nursery School',
    '{Feature} Nursery School',
    "{Town} Children's Centre and Nursery School",
  ],
  'sixth-form': [
    '{Town} Sixth Form College',
    '{Town} Sixth Form Academy',
    '{Feature} Sixth Form',
    '{Town} Sixth Form',
  ],
  independent: [
    '{Town} House School',
    '{Town} Preparatory School',
    '{Town} College',
    '{Feature} School',
    '{Town} Independent School',
    'The {Town} School',
    '{Feature} Hall School',
    '{Town} Montessori School',
  ],
  'independent-special': [
    '{Feature} School',
    '{Feature} House',
    '{Feature} Hall School',
    '{Town} Park School',
  ],
  college: ['{Town} College', '{Town} and {Other} College', '{Town} College of Further Education'],
};

/** A plausible name for a synthetic school of a kind, from made-up places and saints. */
export function schoolName(c: NameContext): string {
  const { random } = c;
  if (c.style === 'primary') {
    if (c.variant !== 'primary' && c.faith === 'none') {
      const word = c.variant === 'infant' ? 'Infant' : 'Junior';
      const academy = c.governance === 'academy' || c.governance === 'free';
      return fill(
        random.pick([
          `{Town} ${word} School`,
          `{Feature} ${word} School`,
          `{Town} ${word} ${academy ? 'Academy' : 'School'}`,
        ]),
        c,
      );
    }
    const group = c.governance === 'independent' ? 'maintained' : c.governance;
    return fill(random.pick(primaryPatterns[c.faith][group]), c);
  }
  if (c.style === 'secondary') {
    if (c.grammar)
      return fill(
        random.pick([
          '{Town} Grammar School',
          '{Town} Grammar School for Girls',
          '{Town} Grammar School for Boys',
        ]),
        c,
      );
    if (c.faith !== 'none') return fill(random.pick(secondaryPatterns[c.faith]), c);
    if (c.governance === 'free')
      return fill(random.pick(['{Town} Free School', '{Feature} Academy', '{Town} School']), c);
    return fill(
      random.pick(c.governance === 'academy' ? secondaryAcademyPatterns : secondaryPatterns.none),
      c,
    );
  }
  return fill(random.pick(patternsByStyle[c.style] ?? ['{Town} School']), c);
}

/** The name a converted academy's predecessor had: the same, or its maintained-school name. */
export function predecessorName(academyName: string, style: NameStyle): string {
  const name = academyName.replace(/, a Catholic Voluntary Academy$/, '');
  if (!name.includes('Academy')) return name;
  if (style === 'primary') {
    return name
      .replace(/ (Primary|Infant|Junior) Academy$/, ' $1 School')
      .replace(/ Academy$/, ' Primary School');
  }
  if (style === 'secondary' || style === 'all-through') {
    return name.replace(/^The (.+) Academy$/, '$1 School').replace(/ Academy$/, ' High School');
  }
  if (style === 'sixth-form') return name.replace(/ Sixth Form Academy$/, ' Sixth Form College');
  return name.replace(/ Academy$/, ' School');
}
