import { describe, expect, it } from 'vitest';
import { catalogueFileSchema, codeForYear, yearFromSlug, yearToSlug } from './catalogue-file.ts';
import { countCatalogue } from './list-ncps.ts';
import { ncpRulesSchema } from './rules.ts';
import { shippedCatalogue } from './shipped-catalogues.ts';

describe('the shipped catalogues', () => {
  it('2023/24 has the handbook’s 33 NCPs (35 codes: the ECT programmes have a code per phase)', () => {
    const file = shippedCatalogue('2023/24');
    expect(file.year).toBe('2023/24');
    expect(file.ncps).toHaveLength(35);
    const codes = file.ncps.map((n) => n.code);
    expect(new Set(codes).size).toBe(35);
    // The two phases of a two-phase programme (Phase 1 → Phase 2) are one NCP of the handbook's 33.
    const secondPhases = new Set(file.ncps.map((n) => n.nextNcpCode).filter(Boolean));
    expect([...secondPhases].sort()).toEqual(['NCP23-28b', 'NCP23-29b']);
    expect(file.ncps.filter((n) => !secondPhases.has(n.code))).toHaveLength(33);
    for (const code of ['NCP23-07a', 'NCP23-07b', 'NCP23-09s', 'NCP23-33']) expect(codes).toContain(code);
    expect(codes.every((c) => /^NCP23-\d{2}[a-z]?$/.test(c))).toBe(true);
  });

  it('2023/24 is by phase and type as the handbook lists it', () => {
    const file = shippedCatalogue('2023/24');
    const count = (phase: string, type: string) =>
      file.ncps.filter((n) => n.phases.includes(phase as never) && n.type === type).length;
    expect(count('primary', 'work_group')).toBe(7);
    expect(count('primary', 'community')).toBe(3);
    expect(count('primary', 'intensive_support')).toBe(1);
    expect(count('primary', 'programme')).toBe(8);
    expect(count('secondary', 'work_group')).toBe(5);
    expect(count('secondary', 'community')).toBe(4);
    expect(count('secondary', 'programme')).toBe(8);
    expect(count('post_16', 'work_group')).toBe(3);
    expect(count('post_16', 'programme')).toBe(4);
    const stages = Object.fromEntries(
      file.ncps.filter((n) => n.completesTfmStage).map((n) => [n.code, n.completesTfmStage]),
    );
    expect(stages).toMatchObject({
      'NCP23-08': 'readiness',
      'NCP23-09': 'development',
      'NCP23-10': 'embedding',
      'NCP23-11': 'sustaining',
      'NCP23-12': 'development',
      'NCP23-13': 'embedding',
      'NCP23-14': 'sustaining',
    });
  });

  it('2019/20 has the 24 specifications (NCP 19-03 and 19-04 share one), each with sections A–K', () => {
    const file = shippedCatalogue('2019/20');
    expect(file.ncps).toHaveLength(25);
    expect(new Set(file.ncps.map((n) => n.code)).size).toBe(25);
    expect(file.ncps.filter((n) => !n.sameSpecificationAs)).toHaveLength(24);
    expect(file.ncps.find((n) => n.code === 'NCP 19-04')?.sameSpecificationAs).toBe('NCP 19-03');
    for (const ncp of file.ncps) {
      expect(ncp.code).toMatch(/^NCP 19-\d{2}$/);
      for (const key of ['summary', 'rationale', 'outcomes', 'models', 'leads', 'participants', 'finances'])
        expect(ncp.sections, `${ncp.code} ${key}`).toHaveProperty(key);
      expect(ncp.sections.evaluation ?? ncp.sections.participationData).toBeTruthy();
    }
    const readiness = file.ncps.find((n) => n.code === 'NCP 19-11')!;
    expect(readiness.title).toBe('Mastery Readiness Work Groups');
    expect(readiness.sections.models).toContain('A minimum of five schools and a maximum of eight schools');
    expect(readiness.rules.groupSize).toEqual({ min: 5, max: 8, unit: 'schools' });
    const development = file.ncps.find((n) => n.code === 'NCP 19-09')!;
    expect(development.sections.finances).toContain('Total funding for a seven- school Work Group = £17,800');
    expect(development.sections.leads).toContain('accredited Mastery Specialist');
  });

  it('every NCP’s rules validate against the rules schema', () => {
    for (const year of ['2019/20', '2023/24'] as const) {
      for (const ncp of shippedCatalogue(year).ncps)
        expect(ncpRulesSchema.parse(ncp.rules)).toEqual(ncp.rules);
    }
  });

  it('refuses a file with a code twice or a link to a code it does not have', () => {
    const ncp = {
      code: 'NCP23-01',
      title: 'A',
      phases: ['primary'],
      type: 'programme',
      participation: 'required',
    };
    const twice = catalogueFileSchema.safeParse({ year: '2023/24', source: 'x', ncps: [ncp, ncp] });
    expect(twice.success).toBe(false);
    const dangling = catalogueFileSchema.safeParse({
      year: '2023/24',
      source: 'x',
      ncps: [{ ...ncp, nextNcpCode: 'NCP23-02' }],
    });
    expect(dangling.success).toBe(false);
    expect(catalogueFileSchema.safeParse({ year: '2023/25', source: 'x', ncps: [ncp] }).success).toBe(false);
  });
});

describe('codes and years', () => {
  it('renumbers a code for another year', () => {
    expect(codeForYear('NCP23-09', '2023/24', '2024/25')).toBe('NCP24-09');
    expect(codeForYear('NCP23-07a', '2023/24', '2024/25')).toBe('NCP24-07a');
    expect(codeForYear('NCP 19-09', '2019/20', '2020/21')).toBe('NCP 20-09');
    expect(codeForYear('NCP22-09', '2023/24', '2024/25')).toBe('NCP22-09');
  });
  it('writes years as 2023-24 in addresses', () => {
    expect(yearToSlug('2023/24')).toBe('2023-24');
    expect(yearFromSlug('2023-24')).toBe('2023/24');
  });
});

describe('Research and Innovation Work Groups in the catalogue', () => {
  const entry = (over: Record<string, unknown>) => ({
    code: 'RIWG23-01',
    title: 'Mixed-age teaching',
    phases: ['primary'],
    type: 'research_innovation',
    participation: 'not_required',
    ...over,
  });
  const file = (...ncps: Record<string, unknown>[]) =>
    catalogueFileSchema.safeParse({ year: '2023/24', source: 'test', ncps });

  it('loads RIWG codes as research and innovation Work Groups, in the strand the report counts', () => {
    const parsed = file(
      entry({}),
      entry({ code: 'RIWG23-02', title: 'Oracy', strand: 'research-and-innovation' }),
      entry({ code: 'NCP23-08', title: 'Mastery Readiness', type: 'work_group' }),
    );
    expect(parsed.success).toBe(true);
    expect(parsed.data!.ncps.map((n) => [n.code, n.type, n.strand])).toEqual([
      ['RIWG23-01', 'research_innovation', 'research-and-innovation'],
      ['RIWG23-02', 'research_innovation', 'research-and-innovation'],
      ['NCP23-08', 'work_group', undefined],
    ]);
    expect(codeForYear('RIWG23-01', '2023/24', '2024/25')).toBe('RIWG24-01');
  });

  it('refuses a RIWG code that is not a research and innovation Work Group, and the reverse', () => {
    for (const bad of [
      entry({ type: 'work_group' }),
      entry({ code: 'NCP23-40' }),
      entry({ code: 'RIWG-1' }),
    ]) {
      expect(file(bad).success).toBe(false);
    }
  });

  it('counts NCPs as the handbook does (a second phase is the same NCP) and RIWGs apart', () => {
    const shipped = shippedCatalogue('2023/24').ncps.map((n) => ({
      code: n.code,
      type: n.type,
      nextNcpCode: n.nextNcpCode ?? null,
    }));
    expect(countCatalogue(shipped)).toEqual({ ncps: 33, riwgs: 0 });
    const riwgs = ['RIWG23-01', 'RIWG23-02'].map((code) => ({
      code,
      type: 'research_innovation',
      nextNcpCode: null,
    }));
    expect(countCatalogue([...shipped, ...riwgs])).toEqual({ ncps: 33, riwgs: 2 });
    // Filtered to the second phase only: still counted against the whole catalogue.
    const phase2 = shipped.filter((n) => n.code === 'NCP23-28b');
    expect(countCatalogue(phase2, shipped)).toEqual({ ncps: 0, riwgs: 0 });
  });
});
