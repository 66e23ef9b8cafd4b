import { describe, expect, it } from 'vitest';
import { coverageProblems, demoHubAreas } from './demo-network.ts';
import { demonstrationAreas } from './demonstration-areas.ts';
import { readReferenceNetwork } from './reference-data.ts';

describe('the demonstration network of hubs', () => {
  const reference = readReferenceNetwork();
  const areas = demoHubAreas(reference);
  const codes = reference.localAuthorities.map((la) => la.code);

  it('has the 153 English local authorities and 40 hubs, with unverified names marked', () => {
    expect(codes).toHaveLength(153);
    expect(new Set(codes).size).toBe(153);
    expect(reference.hubs).toHaveLength(40);
    expect(new Set(reference.hubs.map((h) => h.name)).size).toBe(40);
    const unverified = reference.hubs.filter((h) => h.nameStatus === 'unverified').map((h) => h.slug);
    expect(unverified).toContain('angles');
    expect(unverified).not.toContain('glow');
    for (const name of [
      'London South East+',
      'SHaW',
      'GLOW',
      'London Thames',
      'London Central and West',
      'London Central and North West',
      'Matrix',
      'Great North',
      'Abacus NW',
    ]) {
      expect(reference.hubs.map((h) => h.name)).toContain(`${name} Maths Hub`);
    }
  });

  it('puts every local authority in exactly one hub’s area, split by district where hubs share one', () => {
    expect(
      coverageProblems(
        codes,
        reference.districts,
        reference.hubs.map((h) => h.slug),
        areas,
      ),
    ).toEqual([]);
    const notts = areas
      .filter((a) => a.laCode === '891')
      .map((a) => [a.hubSlug, a.districtName, a.isDemonstration]);
    expect(notts).toEqual([
      ['east-midlands-west', 'Ashfield', false],
      ['east-midlands-west', 'Broxtowe', false],
      ['east-midlands-east', null, true],
    ]);
  });

  it('keeps the known areas as they are and marks only made-up ones as demonstration', () => {
    expect(areas.filter((a) => !a.isDemonstration)).toEqual(reference.knownAreas);
    const known = new Set(reference.knownAreas.map((a) => `${a.laCode}|${a.districtCode ?? ''}`));
    for (const area of areas.filter((a) => a.isDemonstration)) {
      expect(known.has(`${area.laCode}|${area.districtCode ?? ''}`)).toBe(false);
    }
    const hubsWithKnownAreas = new Set(reference.knownAreas.map((a) => a.hubSlug));
    expect(Object.keys(demonstrationAreas).filter((slug) => hubsWithKnownAreas.has(slug))).toEqual([
      'cheshire-and-wirral',
      'east-midlands-south',
    ]);
  });

  it('finds what is wrong with a network that leaves an authority out or gives one twice', () => {
    const broken = [
      ...areas.filter((a) => a.laCode !== '886'),
      { ...areas.find((a) => a.laCode === '891' && !a.districtCode)!, hubSlug: 'boolean' },
    ];
    expect(
      coverageProblems(
        codes,
        reference.districts,
        reference.hubs.map((h) => h.slug),
        broken,
      ),
    ).toEqual([
      '891| is in two areas',
      "886 is in 0 hubs' areas as a whole",
      "891 is in 2 hubs' areas as a whole",
    ]);
  });
});
