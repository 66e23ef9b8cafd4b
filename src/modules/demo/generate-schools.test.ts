import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DemoSchool, generateSchools, urnRanges } from './generate-schools.ts';
import { createRandom } from './random.ts';
import { readReferenceNetwork } from './reference-data.ts';
import { schoolKinds } from './school-kinds.ts';

const reference = readReferenceNetwork();
const generate = (seed = 1) =>
  generateSchools({
    random: createRandom(seed),
    localAuthorities: reference.localAuthorities,
    districts: reference.districts,
  });
const { schools, links } = generate();
const openStateFunded = schools.filter((s) => s.isOpen && s.isStateFunded);
const count = (rows: DemoSchool[], where: (s: DemoSchool) => boolean) => rows.filter(where).length;
const inLa = (code: string) => count(openStateFunded, (s) => s.laCode === code);

describe('the synthetic school register', () => {
  it('has England’s numbers of open state-funded schools by phase', () => {
    expect(openStateFunded.length).toBeGreaterThan(21_500);
    expect(openStateFunded.length).toBeLessThan(23_000);
    const phase = (p: DemoSchool['phase']) => count(openStateFunded, (s) => s.phase === p);
    expect(phase('primary')).toBeGreaterThan(16_500);
    expect(phase('primary')).toBeLessThan(17_000);
    expect(phase('secondary') + phase('all_through')).toBeGreaterThan(3_350);
    expect(phase('secondary') + phase('all_through')).toBeLessThan(3_550);
    expect(phase('special')).toBeGreaterThan(950);
    expect(phase('special')).toBeLessThan(1_150);
    expect(phase('nursery')).toBeGreaterThan(350);
    expect(phase('post_16')).toBeGreaterThan(100);
    expect(count(openStateFunded, (s) => /alternative provision|Pupil referral/i.test(s.typeName))).toBe(350);
  });

  it('has realistic shares of types, each in its GIAS type group', () => {
    const share = (typeName: string) =>
      count(openStateFunded, (s) => s.typeName === typeName) / openStateFunded.length;
    expect(share('Academy converter')).toBeGreaterThan(0.3);
    expect(share('Community school')).toBeGreaterThan(0.22);
    expect(share('Voluntary aided school')).toBeGreaterThan(0.08);
    expect(share('Academy sponsor led')).toBeGreaterThan(0.06);
    const groups = new Map(schoolKinds.map((k) => [k.typeName, k.typeGroupName]));
    for (const s of openStateFunded) expect(s.typeGroupName).toBe(groups.get(s.typeName));
  });

  it('includes establishments that are not state-funded or not open, so filters matter', () => {
    expect(count(schools, (s) => s.isOpen && !s.isStateFunded)).toBeGreaterThan(2_500);
    expect(count(schools, (s) => s.statusName === 'Closed')).toBeGreaterThan(2_000);
    expect(count(schools, (s) => s.statusName === 'Proposed to open')).toBeGreaterThan(0);
    expect(count(schools, (s) => s.statusName === 'Open, but proposed to close')).toBeGreaterThan(0);
    const closed = new Set(schools.filter((s) => !s.isOpen).map((s) => s.urn));
    expect(links.length).toBeGreaterThan(2_000);
    for (const link of links.filter((l) => l.linkType === 'Predecessor'))
      expect(closed.has(link.linkedUrn)).toBe(true);
  });

  it('sizes each local authority plausibly', () => {
    for (const county of ['886', '888', '881', '850']) {
      expect(inLa(county)).toBeGreaterThan(450);
      expect(inLa(county)).toBeLessThan(660);
    }
    for (const borough of ['207', '314', '301', '871']) {
      expect(inLa(borough)).toBeGreaterThan(25);
      expect(inLa(borough)).toBeLessThan(110);
    }
    expect(inLa('201')).toBeGreaterThanOrEqual(1);
    expect(inLa('201')).toBeLessThanOrEqual(2);
    expect(inLa('420')).toBeGreaterThanOrEqual(1);
    expect(inLa('420')).toBeLessThanOrEqual(5);
    for (const la of reference.localAuthorities) expect(inLa(la.code)).toBeGreaterThan(0);
  });

  it('gives unique URNs in the real register’s ranges and marks every school as demonstration data', () => {
    expect(new Set(schools.map((s) => s.urn)).size).toBe(schools.length);
    for (const s of schools) {
      const academy = ['Academies', 'Free Schools'].includes(s.typeGroupName);
      const [from, to] = academy
        ? urnRanges.academy
        : s.typeGroupName === 'Local authority maintained schools'
          ? urnRanges.maintained
          : [100000, 152000];
      expect(s.urn).toBeGreaterThanOrEqual(from);
      expect(s.urn).toBeLessThan(to);
      expect(s.source).toBe('demo');
    }
  });

  it('gives county schools their districts, so hubs can take part of a county', () => {
    const nottsDistricts = new Set(schools.filter((s) => s.laCode === '891').map((s) => s.districtName));
    expect([...nottsDistricts].sort()).toEqual([
      'Ashfield',
      'Bassetlaw',
      'Broxtowe',
      'Gedling',
      'Mansfield',
      'Newark and Sherwood',
      'Rushcliffe',
    ]);
    for (const district of reference.districts) {
      expect(schools.some((s) => s.districtCode === district.code && s.laCode === district.laCode)).toBe(
        true,
      );
    }
    const leeds = schools.filter((s) => s.laCode === '383');
    expect(new Set(leeds.map((s) => s.districtCode))).toEqual(new Set(['E08000035']));
  });

  it('makes names, addresses and postcodes that look real', () => {
    const postcode = /^[A-Z]{1,2}\d{1,2} \d[ABDEFGHJLNPQRSTUWXYZ]{2}$/;
    for (const s of schools) {
      expect(s.postcode).toMatch(postcode);
      expect(s.name).not.toMatch(/[{}]|undefined|null/);
    }
    expect(schools.find((s) => s.laCode === '891')!.postcode.startsWith('NG')).toBe(true);
    const names = openStateFunded.map((s) => s.name);
    expect(names.some((n) => /^St [A-Z][a-z]+'s (CofE|Catholic) Primary School$/.test(n))).toBe(true);
    expect(names.some((n) => / Primary School$/.test(n))).toBe(true);
    expect(names.some((n) => / Academy$/.test(n))).toBe(true);
  });

  it('is the same every time for the same seed, and different for another', () => {
    const digest = (rows: DemoSchool[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    expect(digest(generate().schools)).toBe(digest(schools));
    expect(digest(generate(2).schools)).not.toBe(digest(schools));
  });
});
