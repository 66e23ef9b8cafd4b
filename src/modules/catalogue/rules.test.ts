import { describe, expect, it } from 'vitest';
import {
  checkGroupMaximum,
  checkGroupSize,
  checkLead,
  checkParticipantPrerequisites,
  checkPrerequisites,
  checkSchoolEligibility,
  criterionWording,
  describeRules,
  groupSizeWarning,
  masteryReadinessCriteria,
  type NcpRules,
  ncpRulesSchema,
  parseRules,
  strandName,
  strandNames,
} from './rules.ts';
import { shippedCatalogue, shippedYears } from './shipped-catalogues.ts';

const rulesOf = (year: '2023/24' | '2019/20', code: string): NcpRules => {
  const ncp = shippedCatalogue(year).ncps.find((n) => n.code === code);
  if (!ncp) throw new Error(`${code} is not in the ${year} catalogue`);
  return parseRules(ncp.rules);
};

describe('the rules of an NCP', () => {
  it('rejects rules that make no sense', () => {
    expect(ncpRulesSchema.safeParse({ groupSize: { min: 8, max: 5, unit: 'schools' } }).success).toBe(false);
    expect(ncpRulesSchema.safeParse({ groupSize: { unit: 'schools' } }).success).toBe(false);
    expect(ncpRulesSchema.safeParse({ leadRequires: ['head_teacher'] }).success).toBe(false);
    expect(ncpRulesSchema.safeParse({ somethingElse: true }).success).toBe(false);
    expect(ncpRulesSchema.safeParse({}).success).toBe(true);
  });

  it('Mastery Readiness Work Groups have 5 to 8 schools', () => {
    const rules = rulesOf('2023/24', 'NCP23-08');
    expect(checkGroupSize(rules, 5)).toEqual({ ok: true });
    expect(checkGroupSize(rules, 8)).toEqual({ ok: true });
    expect(checkGroupSize(rules, 4)).toEqual({
      ok: false,
      reasons: ['A group of this NCP has 5 to 8 schools: this one has 4 schools.'],
    });
    expect(checkGroupSize(rules, 9).ok).toBe(false);
  });

  it('Primary TfM Development Work Groups have 6 or 7 schools, led by an accredited Mastery Specialist', () => {
    const rules = rulesOf('2023/24', 'NCP23-09');
    expect(checkGroupSize(rules, 6).ok).toBe(true);
    expect(checkGroupSize(rules, 7).ok).toBe(true);
    expect(checkGroupSize(rules, 8)).toEqual({
      ok: false,
      reasons: ['A group of this NCP has 6 to 7 schools: this one has 8 schools.'],
    });
    expect(checkLead(rules, ['mastery_specialist', 'pd_lead'])).toEqual({ ok: true });
    expect(checkLead(rules, ['pd_lead'])).toEqual({
      ok: false,
      reasons: ['The lead must be an accredited primary Mastery Specialist.'],
    });
    expect(checkLead(rules, []).ok).toBe(false);
    expect(checkLead(rulesOf('2023/24', 'NCP23-33'), []).ok).toBe(true);
  });

  it('Mastery Readiness is for schools never in a TfM Work Group that meet one of the criteria', () => {
    const rules = rulesOf('2023/24', 'NCP23-08');
    expect(checkSchoolEligibility(rules, { tfmStage: null, criteriaMet: ['high-staff-turnover'] })).toEqual({
      ok: true,
    });
    const noCriterion = checkSchoolEligibility(rules, { tfmStage: null, criteriaMet: [] });
    expect(noCriterion.ok).toBe(false);
    if (!noCriterion.ok) {
      expect(noCriterion.reasons).toHaveLength(1);
      expect(noCriterion.reasons[0]).toContain('at least one of these criteria');
      expect(noCriterion.reasons[0]).toContain(
        'Has been judged at RI or Inadequate for at least their most recent OFSTED inspection',
      );
    }
    const developed = checkSchoolEligibility(rules, {
      tfmStage: 'development',
      criteriaMet: ['ofsted-ri-or-inadequate'],
    });
    expect(developed).toEqual({
      ok: false,
      reasons: [
        'Only schools that have never been in a Teaching for Mastery Work Group may join: this school has been in a Mastery Readiness Work Group or a Development Work Group.',
      ],
    });
    // Both reasons at once, when both fail.
    const both = checkSchoolEligibility(rules, { stagesTaken: ['development'] });
    expect(both.ok === false && both.reasons.length).toBe(2);
  });

  it('KS2 Mastering Number is only for schools in Sustaining that did Reception and KS1', () => {
    const rules = rulesOf('2023/24', 'NCP23-06');
    expect(
      checkPrerequisites(rules, {
        tfmStage: 'sustaining',
        completedStrands: ['mastering-number-reception-ks1'],
      }),
    ).toEqual({ ok: true });
    expect(checkPrerequisites(rules, { tfmStage: 'sustaining', completedStrands: [] })).toEqual({
      ok: false,
      reasons: ['It must first complete Mastering Number at Reception and KS1.'],
    });
    expect(
      checkPrerequisites(rules, {
        tfmStage: 'embedding',
        completedStrands: ['mastering-number-reception-ks1'],
      }),
    ).toEqual({
      ok: false,
      reasons: [
        'Only schools that have reached the Sustaining stage of Teaching for Mastery may join: it is at Embedding.',
      ],
    });
    expect(checkPrerequisites(rules, {}).ok === false && checkPrerequisites(rules, {})).toMatchObject({
      reasons: [expect.stringContaining('it has not started'), expect.any(String)],
    });
  });

  it('SKTM Early Career Teachers is a two-phase programme: Phase 2 follows Phase 1', () => {
    const catalogue = shippedCatalogue('2023/24');
    for (const [first, second, strand] of [
      ['NCP23-28a', 'NCP23-28b', 'sktm-primary-ect-phase-1'],
      ['NCP23-29a', 'NCP23-29b', 'sktm-secondary-ect-phase-1'],
    ] as const) {
      const phase1 = catalogue.ncps.find((n) => n.code === first)!;
      expect(phase1.nextNcpCode).toBe(second);
      expect(phase1.strand).toBe(strand);
      const phase2 = rulesOf('2023/24', second);
      // A teacher who did Phase 1 (the same strand, in any year) may go on to Phase 2: a rule about the
      // participant, not their school.
      expect(checkParticipantPrerequisites(phase2, [strand])).toEqual({ ok: true });
      expect(checkParticipantPrerequisites(phase2, [])).toEqual({
        ok: false,
        reasons: [`The participant must first complete ${strandName(strand)}.`],
      });
      expect(checkPrerequisites(phase2, { completedStrands: [] })).toEqual({ ok: true });
    }
  });

  it('lists the seven Mastery Readiness criteria of the specification once, as the catalogues give them', () => {
    expect(masteryReadinessCriteria).toHaveLength(7);
    expect(rulesOf('2023/24', 'NCP23-08').eligibility?.anyOf).toEqual(masteryReadinessCriteria);
    expect(rulesOf('2019/20', 'NCP 19-11').eligibility?.anyOf).toEqual(masteryReadinessCriteria);
    expect(criterionWording('high-staff-turnover')).toMatch(/^Has a high turnover of staff/);
  });

  it('offers the special schools’ Development Communities only to special schools', () => {
    const rules = rulesOf('2023/24', 'NCP23-09s');
    expect(checkSchoolEligibility(rules, { phase: 'special' })).toEqual({ ok: true });
    expect(checkSchoolEligibility(rules, { phase: 'primary' })).toEqual({
      ok: false,
      reasons: ['Only special schools may join.'],
    });
    expect(describeRules(rules)).toEqual(['Only special schools may join.']);
  });

  it('Secondary TfM Embedding Work Groups of 2019/20 count participants (4 to 12 Mastery Advocates)', () => {
    const rules = rulesOf('2019/20', 'NCP 19-16');
    expect(checkGroupSize(rules, 12).ok).toBe(true);
    expect(checkGroupSize(rules, 3)).toEqual({
      ok: false,
      reasons: ['A group of this NCP has 4 to 12 participants: this one has 3 participants.'],
    });
    expect(checkGroupSize(rulesOf('2019/20', 'NCP 19-18'), 5).ok).toBe(true);
    expect(checkGroupSize(rulesOf('2019/20', 'NCP 19-18'), 4).ok).toBe(false);
  });

  it('lets a group grow to its maximum, refusing above it and only warning below the minimum', () => {
    // A TfM Development Work Group of 6 or 7 schools, as hub activities apply it.
    const rules = rulesOf('2023/24', 'NCP23-09');
    expect(checkGroupMaximum(rules, 1, 'schools')).toEqual({ ok: true });
    expect(checkGroupMaximum(rules, 7, 'schools')).toEqual({ ok: true });
    expect(checkGroupMaximum(rules, 8, 'schools')).toEqual({
      ok: false,
      reasons: ['A group of this NCP has 6 to 7 schools: it would have 8 schools.'],
    });
    expect(groupSizeWarning(rules, 1, 'schools')).toBe(
      'The group has 1 school: a group of this NCP has 6 to 7 schools.',
    );
    expect(groupSizeWarning(rules, 6, 'schools')).toBeNull();
    expect(groupSizeWarning(rules, 8, 'schools')).toBeNull();
  });

  it('applies a group size only to what it counts, and nothing without one', () => {
    // NCP 19-06 counts up to 120 participants: a count of schools is not checked against it.
    const participants = rulesOf('2019/20', 'NCP 19-06');
    expect(checkGroupMaximum(participants, 121, 'schools').ok).toBe(true);
    expect(checkGroupMaximum(participants, 121, 'participants').ok).toBe(false);
    expect(groupSizeWarning(rulesOf('2019/20', 'NCP 19-18'), 4, 'schools')).toBeNull();
    expect(groupSizeWarning(rulesOf('2019/20', 'NCP 19-18'), 4, 'participants')).toBe(
      'The group has 4 participants: a group of this NCP has at least 5 participants.',
    );
    expect(checkGroupMaximum({}, 100, 'schools').ok).toBe(true);
    expect(groupSizeWarning({}, 0, 'schools')).toBeNull();
    expect(checkLead({}, []).ok).toBe(true);
  });

  it('accepts a lead holding any of several accreditations', () => {
    const rules = parseRules({ leadRequires: ['mastery_specialist', 'secondary_mastery_specialist'] });
    expect(checkLead(rules, ['secondary_mastery_specialist']).ok).toBe(true);
    expect(checkLead(rules, ['pd_lead'])).toEqual({
      ok: false,
      reasons: [
        'The lead must be an accredited primary Mastery Specialist or an accredited secondary Mastery Specialist.',
      ],
    });
  });

  it('describes the rules in plain English', () => {
    expect(describeRules(rulesOf('2023/24', 'NCP23-09'))).toEqual([
      'A group has 6 to 7 schools.',
      'The lead must be an accredited primary Mastery Specialist.',
    ]);
    expect(describeRules(rulesOf('2023/24', 'NCP23-06'))).toEqual([
      'Only for schools that have reached the Sustaining stage of Teaching for Mastery.',
      'Only for those who have completed Mastering Number at Reception and KS1.',
    ]);
    expect(describeRules({})).toEqual([]);
  });
});

describe('strand names', () => {
  it('names every strand of the shipped catalogues in the programme’s words, not its slug (issue 14)', () => {
    for (const year of shippedYears) {
      for (const ncp of shippedCatalogue(year).ncps) {
        if (!ncp.strand) continue;
        expect(strandNames[ncp.strand], `${year} ${ncp.code}: ${ncp.strand}`).toBeDefined();
      }
    }
    expect(strandName('primary-tfm-development')).toBe('Primary Teaching for Mastery Development');
  });
});
