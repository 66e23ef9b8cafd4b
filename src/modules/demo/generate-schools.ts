import type { SchoolPhase } from '../schools/schema.ts';
import { addDays, DEMO_AS_OF, dayBetween, openingDay } from './demo-dates.ts';
import { laProfiles } from './la-profiles.ts';
import { featureName, saints, streetName, townNames } from './places.ts';
import { apportion, distinctIntegers, type Random } from './random.ts';
import {
  type Faith,
  grammarSchoolAuthorities,
  type SchoolKind,
  schoolKinds,
  type UrnBlock,
} from './school-kinds.ts';
import { predecessorName, schoolName } from './school-names.ts';

export interface DemoLocalAuthority {
  code: string;
  name: string;
  gssCode: string;
  regionName: string;
}

export interface DemoDistrict {
  laCode: string;
  code: string;
  name: string;
}

/** A synthetic establishment, as a row of the `schools` table. */
export interface DemoSchool {
  urn: number;
  laCode: string;
  establishmentNumber: string;
  name: string;
  typeCode: string;
  typeName: string;
  typeGroupName: string;
  statusName: string;
  isOpen: boolean;
  openDate: string | null;
  closeDate: string | null;
  phaseOfEducation: string;
  phase: SchoolPhase;
  isStateFunded: boolean;
  statutoryLowAge: number;
  statutoryHighAge: number;
  hasSixthForm: boolean | null;
  numberOfPupils: number | null;
  percentageFsm: string | null;
  trustName: string | null;
  street: string;
  locality: string | null;
  town: string;
  postcode: string;
  districtCode: string;
  districtName: string;
  regionName: string;
  telephone: string | null;
  lastChangedDate: string;
  source: 'demo';
  /** Which kind of school it is (not stored). */
  kind: string;
}

export interface DemoSchoolLink {
  urn: number;
  linkedUrn: number;
  linkName: string;
  linkType: 'Predecessor' | 'Successor';
  establishedOn: string;
}

/** URN ranges like the real register's: LA-maintained schools, academies and free schools, the rest. */
export const urnRanges: Record<UrnBlock, readonly [number, number]> = {
  maintained: [100000, 126000],
  independent: [126000, 136000],
  academy: [136000, 152000],
};

/** Schools placed by hand where proportional shares make no sense (one or two schools in all). */
const fixedSchools: Record<string, string[]> = {
  '201': ['primary-va', 'independent', 'independent', 'independent'],
  '420': ['all-through-converter'],
};

const fsmByRegion: Record<string, number> = {
  'North East': 30,
  'North West': 27,
  'West Midlands': 28,
  'Yorkshire and The Humber': 26,
  London: 26,
  'East Midlands': 22,
  'East of England': 19,
  'South West': 18,
  'South East': 16,
};
const independentShareByRegion: Record<string, number> = {
  London: 2,
  'South East': 1.5,
  'East of England': 1.1,
};

const postcodeLetters = 'ABDEFGHJLNPQRSTUWXYZ';
/** How many postcode districts the London areas have (elsewhere up to 30 are used). */
const postcodeDistricts: Record<string, number> = {
  E: 18,
  EC: 4,
  N: 22,
  NW: 11,
  SE: 28,
  SW: 20,
  W: 14,
  WC: 2,
};

/** How many schools of each kind each local authority gets: national totals shared by size. */
export function allocateKinds(
  random: Random,
  localAuthorities: DemoLocalAuthority[],
  kinds: readonly SchoolKind[] = schoolKinds,
): Map<string, Map<string, number>> {
  const counts = new Map(localAuthorities.map((la) => [la.code, new Map<string, number>()]));
  for (const [code, fixed] of Object.entries(fixedSchools)) {
    for (const key of fixed) counts.get(code)?.set(key, (counts.get(code)?.get(key) ?? 0) + 1);
  }
  for (const kind of kinds) {
    const r = random.fork(`kind:${kind.key}`);
    const placedByHand = Object.values(fixedSchools)
      .flat()
      .filter((key) => key === kind.key).length;
    const weights = localAuthorities.map((la) => {
      if (fixedSchools[la.code]) return 0;
      const size = laProfiles[la.code]?.[0] ?? 50;
      const regional =
        kind.governance === 'independent' ? (independentShareByRegion[la.regionName] ?? 0.8) : 1;
      return size * regional * (0.85 + 0.3 * r.next());
    });
    apportion(Math.max(0, kind.open - placedByHand), weights).forEach((n, i) => {
      if (n > 0) counts.get(localAuthorities[i]!.code)!.set(kind.key, n);
    });
  }
  return counts;
}

interface Town {
  name: string;
  outward: string;
  district: { code: string; name: string };
  weight: number;
}

function townsFor(
  random: Random,
  la: DemoLocalAuthority,
  districts: DemoDistrict[],
  schoolCount: number,
  avoid: Set<string>,
): Town[] {
  const names = townNames(random, Math.min(60, Math.max(2, Math.round(schoolCount / 12))), new Set(avoid));
  const areas = laProfiles[la.code]?.[1] ?? ['ZZ'];
  const own = { code: la.gssCode, name: la.name };
  const shuffled = random.shuffle(districts);
  const usedOutward = new Set<string>();
  return names.map((name, i) => {
    const area = random.pick(areas);
    const top = postcodeDistricts[area] ?? 30;
    let outward = `${area}${random.int(1, top)}`;
    for (let tries = 0; usedOutward.has(outward) && tries < 10; tries++)
      outward = `${area}${random.int(1, top)}`;
    usedOutward.add(outward);
    const district = shuffled.length ? (shuffled[i] ?? random.pick(shuffled)) : own;
    return {
      name,
      outward,
      district: { code: district.code, name: district.name },
      weight: 1 / (i + 1) ** 0.6,
    };
  });
}

const postcodeFor = (random: Random, town: Town) =>
  `${town.outward} ${random.int(1, 9)}${random.pick([...postcodeLetters])}${random.pick([...postcodeLetters])}`;

function trustNames(random: Random, towns: Town[], count: number): Record<Faith, string[]> {
  const plain = Array.from({ length: Math.max(1, count) }, () =>
    random.pick([
      `${random.pick(towns).name} Learning Trust`,
      `${random.pick(towns).name} Academy Trust`,
      `${featureName(random)} Multi-Academy Trust`,
      `${random.pick(towns).name} Schools Partnership`,
      `${featureName(random)} Education Trust`,
    ]),
  );
  return {
    none: plain,
    cofe: [`${random.pick(towns).name} Church of England Academy Trust`],
    rc: [`St ${random.pick(saints)} Catholic Academy Trust`],
    methodist: [`${random.pick(towns).name} Methodist Academy Trust`],
  };
}

/** Establishment numbers as GIAS series them within an authority: 2xxx primary, 4xxx secondary… */
function establishmentSeries(kind: SchoolKind, faith: Faith): number {
  if (kind.nameStyle === 'nursery') return 1000;
  if (kind.nameStyle === 'pru' || kind.nameStyle === 'ap') return 1100;
  if (kind.nameStyle === 'primary') return faith === 'none' ? 2000 : 3000;
  if (kind.nameStyle === 'special' && kind.isStateFunded) return 7000;
  if (kind.governance === 'independent') return kind.nameStyle === 'college' ? 8000 : 6000;
  return faith === 'none' ? 4000 : 4600;
}

/** The maintained type a converted academy had before (for its closed predecessor). */
function predecessorType(
  kind: SchoolKind,
  faith: Faith,
): Pick<SchoolKind, 'typeCode' | 'typeName' | 'typeGroupName' | 'isStateFunded'> {
  const la = 'Local authority maintained schools';
  if (kind.phase === 'special')
    return {
      typeCode: '7',
      typeName: 'Community special school',
      typeGroupName: 'Special schools',
      isStateFunded: true,
    };
  if (kind.nameStyle === 'ap')
    return { typeCode: '14', typeName: 'Pupil referral unit', typeGroupName: la, isStateFunded: true };
  if (kind.phase === 'post_16')
    return { typeCode: '18', typeName: 'Further education', typeGroupName: 'Colleges', isStateFunded: false };
  if (faith === 'rc')
    return { typeCode: '2', typeName: 'Voluntary aided school', typeGroupName: la, isStateFunded: true };
  if (faith === 'cofe')
    return { typeCode: '3', typeName: 'Voluntary controlled school', typeGroupName: la, isStateFunded: true };
  return { typeCode: '1', typeName: 'Community school', typeGroupName: la, isStateFunded: true };
}

type Draft = Omit<DemoSchool, 'urn'> & { block: UrnBlock; predecessorOf?: Draft };

function openDateFor(random: Random, kind: SchoolKind): string | null {
  if (kind.governance === 'academy') {
    return kind.typeName.includes('converter')
      ? openingDay(random, 2011, 2026)
      : openingDay(random, 2007, 2026);
  }
  if (kind.governance === 'free') {
    if (kind.nameStyle === 'utc') return openingDay(random, 2011, 2020);
    if (kind.nameStyle === 'studio') return openingDay(random, 2011, 2016);
    return `${random.int(2011, 2026)}-09-01`;
  }
  return random.chance(0.15) ? `${random.int(1975, 2020)}-09-01` : null;
}

function schoolsOfAuthority(
  random: Random,
  la: DemoLocalAuthority,
  districts: DemoDistrict[],
  counts: Map<string, number>,
  avoidNames: Set<string>,
): Draft[] {
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  const towns = townsFor(random, la, districts, total, avoidNames);
  const townWeights = towns.map((t) => [t, t.weight] as const);
  const academyCount = schoolKinds
    .filter((k) => k.governance === 'academy' || k.governance === 'free')
    .reduce((sum, k) => sum + (counts.get(k.key) ?? 0), 0);
  const trusts = trustNames(random, towns, Math.round(academyCount / 8) + 1);
  const nextNumber = new Map<number, number>();
  const usedNames = new Set<string>();
  const fsmBase = fsmByRegion[la.regionName] ?? 22;
  const drafts: Draft[] = [];

  for (const kind of schoolKinds) {
    for (let n = counts.get(kind.key) ?? 0; n > 0; n--) {
      // Every town (so every district) has a school; then the bigger towns get more.
      const town = drafts.length < towns.length ? towns[drafts.length]! : random.weighted(townWeights);
      const [low, high] = random.weighted(kind.ages.map(([l, h, w]) => [[l, h] as const, w] as const));
      const faith = random.weighted(kind.faith);
      const variant =
        kind.nameStyle === 'primary' && low === 4 && high === 7
          ? 'infant'
          : kind.nameStyle === 'primary' && low === 7
            ? 'junior'
            : 'primary';
      const grammar =
        kind.nameStyle === 'secondary' &&
        faith === 'none' &&
        grammarSchoolAuthorities.has(la.code) &&
        random.chance(0.25);
      let name = '';
      for (let tries = 0; tries < 6 && (!name || usedNames.has(name)); tries++) {
        name = schoolName({
          random,
          town: town.name,
          otherTown: random.pick(towns).name,
          style: kind.nameStyle,
          governance: kind.governance,
          faith,
          variant,
          grammar,
        });
      }
      if (usedNames.has(name)) name = `${name}, ${town.name}`;
      usedNames.add(name);
      const series = establishmentSeries(kind, faith);
      const number = (nextNumber.get(series) ?? series) + random.int(1, 3);
      nextNumber.set(series, number);
      const [mean, deviation, min, max] = kind.pupils ?? [0, 0, 0, 0];
      const sizeFactor = variant === 'primary' ? 1 : 0.75;
      const fsm = kind.isStateFunded
        ? random.normal(kind.nameStyle === 'ap' || kind.nameStyle === 'pru' ? 45 : fsmBase, 9, 1, 80)
        : null;
      drafts.push({
        kind: kind.key,
        block: kind.urnBlock,
        laCode: la.code,
        establishmentNumber: String(number),
        name,
        typeCode: kind.typeCode,
        typeName: kind.typeName,
        typeGroupName: kind.typeGroupName,
        statusName: 'Open',
        isOpen: true,
        openDate: openDateFor(random, kind),
        closeDate: null,
        phaseOfEducation: kind.phaseOfEducation,
        phase: kind.phase,
        isStateFunded: kind.isStateFunded,
        statutoryLowAge: low,
        statutoryHighAge: high,
        hasSixthForm:
          kind.phase === 'secondary' || kind.phase === 'all_through'
            ? high >= 18
            : kind.phase === 'primary'
              ? false
              : null,
        numberOfPupils: kind.pupils
          ? Math.round(random.normal(mean * sizeFactor, deviation * sizeFactor, min, max))
          : null,
        percentageFsm: fsm === null ? null : fsm.toFixed(2),
        trustName:
          kind.governance === 'academy' || kind.governance === 'free' ? random.pick(trusts[faith]) : null,
        street: streetName(random, town.name),
        locality: null,
        town: town.name,
        postcode: postcodeFor(random, town),
        districtCode: town.district.code,
        districtName: town.district.name,
        regionName: la.regionName,
        telephone: `01632 960${String(random.int(0, 999)).padStart(3, '0')}`,
        lastChangedDate: dayBetween(random, '2025-01-01', DEMO_AS_OF),
        source: 'demo',
      });
    }
  }
  return [...drafts, ...closedSchools(random, drafts, towns)];
}

/** Closed schools: the maintained schools academies replaced, and a few closed long ago. */
function closedSchools(random: Random, open: Draft[], towns: Town[]): Draft[] {
  const closed: Draft[] = [];
  for (const school of open) {
    const kind = schoolKinds.find((k) => k.key === school.kind)!;
    if (!school.openDate || !random.chance(kind.predecessorShare)) continue;
    const faith: Faith = /Catholic|RC /.test(school.name)
      ? 'rc'
      : /CofE|Church of England/.test(school.name)
        ? 'cofe'
        : 'none';
    closed.push({
      ...school,
      ...predecessorType(kind, faith),
      kind: `${kind.key}-predecessor`,
      block: 'maintained',
      name: predecessorName(school.name, kind.nameStyle),
      statusName: 'Closed',
      isOpen: false,
      openDate: null,
      closeDate: addDays(school.openDate, -1),
      numberOfPupils: null,
      percentageFsm: null,
      trustName: null,
      lastChangedDate: addDays(school.openDate, random.int(0, 60)),
      predecessorOf: school,
    });
  }
  const longClosed = Math.round(open.length * 0.03);
  for (let i = 0; i < longClosed; i++) {
    const town = random.pick(towns);
    const primary = random.chance(0.75);
    const closeDate = dayBetween(random, '1995-01-01', '2023-08-31');
    const name = primary
      ? random.pick([
          `${town.name} Infant School`,
          `${town.name} Junior School`,
          `${town.name} County Primary School`,
          `${town.name} First School`,
        ])
      : random.pick([
          `${town.name} Middle School`,
          `${town.name} Secondary Modern School`,
          `${town.name} County High School`,
        ]);
    closed.push({
      ...open[0]!,
      kind: 'closed',
      block: 'maintained',
      establishmentNumber: String((primary ? 2000 : 4000) + random.int(500, 999)),
      name,
      typeCode: '1',
      typeName: 'Community school',
      typeGroupName: 'Local authority maintained schools',
      statusName: 'Closed',
      isOpen: false,
      openDate: null,
      closeDate,
      phaseOfEducation: primary ? 'Primary' : 'Secondary',
      phase: primary ? 'primary' : 'secondary',
      isStateFunded: true,
      statutoryLowAge: primary ? 4 : 11,
      statutoryHighAge: primary ? 11 : 16,
      hasSixthForm: false,
      numberOfPupils: null,
      percentageFsm: null,
      trustName: null,
      street: streetName(random, town.name),
      town: town.name,
      postcode: postcodeFor(random, town),
      districtCode: town.district.code,
      districtName: town.district.name,
      telephone: null,
      lastChangedDate: closeDate,
    });
  }
  return closed;
}

/** A few changes in progress, as the register always has: schools about to open, or to close. */
function withChangesUnderway(random: Random, drafts: Draft[]): void {
  const open = drafts.filter(
    (d) => d.isOpen && d.isStateFunded && d.typeGroupName === 'Local authority maintained schools',
  );
  for (let i = 0; i < 60 && open.length; i++) {
    const school = random.pick(open);
    school.statusName = 'Open, but proposed to close';
    school.closeDate = random.pick(['2026-12-31', '2027-08-31']);
  }
  const free = drafts.filter((d) => d.isOpen && d.typeGroupName === 'Free Schools');
  for (let i = 0; i < 20 && free.length; i++) {
    const model = random.pick(free);
    drafts.push({
      ...model,
      kind: 'proposed',
      name: `${model.town} ${random.pick(['Park', 'Vale', 'Fields', 'Meadows'])} ${model.phase === 'primary' ? 'Primary' : 'Academy'}`,
      statusName: 'Proposed to open',
      isOpen: false,
      openDate: random.pick(['2027-09-01', '2028-09-01']),
      numberOfPupils: null,
      percentageFsm: null,
    });
  }
}

/** Gives every draft a URN from its range: academies in order of opening, the others by authority. */
function assignUrns(random: Random, drafts: Draft[]): DemoSchool[] {
  const urnOf = new Map<Draft, number>();
  for (const block of ['maintained', 'independent', 'academy'] as const) {
    const inBlock = drafts.filter((d) => d.block === block);
    const ordered =
      block === 'academy'
        ? [...inBlock].sort(
            (a, b) => (a.openDate ?? '').localeCompare(b.openDate ?? '') || a.laCode.localeCompare(b.laCode),
          )
        : [...inBlock].sort(
            (a, b) =>
              a.laCode.localeCompare(b.laCode) || a.establishmentNumber.localeCompare(b.establishmentNumber),
          );
    const [from, to] = urnRanges[block];
    const urns = distinctIntegers(random.fork(`urns:${block}`), from, to, ordered.length);
    ordered.forEach((draft, i) => {
      urnOf.set(draft, urns[i]!);
    });
  }
  return drafts.map((draft) => {
    const { block: _block, predecessorOf: _predecessorOf, ...school } = draft;
    return { ...school, urn: urnOf.get(draft)! };
  });
}

function linksBetween(drafts: Draft[], schools: DemoSchool[]): DemoSchoolLink[] {
  const urnByDraft = new Map(drafts.map((d, i) => [d, schools[i]!.urn]));
  const links: DemoSchoolLink[] = [];
  for (const draft of drafts) {
    if (!draft.predecessorOf) continue;
    const closedUrn = urnByDraft.get(draft)!;
    const successorUrn = urnByDraft.get(draft.predecessorOf)!;
    const establishedOn = draft.predecessorOf.openDate!;
    links.push({
      urn: successorUrn,
      linkedUrn: closedUrn,
      linkName: draft.name,
      linkType: 'Predecessor',
      establishedOn,
    });
    links.push({
      urn: closedUrn,
      linkedUrn: successorUrn,
      linkName: draft.predecessorOf.name,
      linkType: 'Successor',
      establishedOn,
    });
  }
  return links;
}

/**
 * The synthetic register of England: about 22,200 open state-funded schools in realistic numbers by
 * phase and type, shared among the local authorities by size, plus independent schools, colleges and
 * closed schools (with their successors), so that filters matter. Deterministic for a given `random`.
 */
export function generateSchools(input: {
  random: Random;
  localAuthorities: DemoLocalAuthority[];
  districts: DemoDistrict[];
}): { schools: DemoSchool[]; links: DemoSchoolLink[] } {
  const { random } = input;
  const localAuthorities = [...input.localAuthorities].sort((a, b) => a.code.localeCompare(b.code));
  const counts = allocateKinds(random.fork('allocation'), localAuthorities);
  // Made-up towns must not share a name with a real authority or district, or searches would mislead.
  const avoid = new Set([...localAuthorities.map((la) => la.name), ...input.districts.map((d) => d.name)]);
  const drafts = localAuthorities.flatMap((la) =>
    schoolsOfAuthority(
      random.fork(`la:${la.code}`),
      la,
      input.districts.filter((d) => d.laCode === la.code),
      counts.get(la.code)!,
      avoid,
    ),
  );
  withChangesUnderway(random.fork('changes'), drafts);
  const schools = assignUrns(random, drafts);
  return { schools, links: linksBetween(drafts, schools) };
}
