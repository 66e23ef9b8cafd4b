import { describe, expect, it } from 'vitest';
import { catalogueFileSchema, codeForYear, yearFromSlug, yearToSlug } from './catalogue-file.ts';
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
