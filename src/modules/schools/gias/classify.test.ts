import { describe, expect, it } from 'vitest';
import {
  hasSixthForm,
  isOpenStatus,
  isStateFunded,
  type PhaseEvidence,
  phaseFromAges,
  schoolPhase,
} from './classify.ts';
import { establishmentType } from './establishment-types.ts';

const school = (
  typeName: string,
  phaseOfEducation: string | null,
  ages: [number, number] | null = null,
): PhaseEvidence => ({
  typeName,
  typeGroupName: establishmentType(typeName)?.groupName ?? null,
  phaseOfEducation,
  statutoryLowAge: ages?.[0] ?? null,
  statutoryHighAge: ages?.[1] ?? null,
});

describe('state-funded', () => {
  it.each([
    ['Local authority maintained schools', 'Community school', true],
    ['Local authority maintained schools', 'Pupil referral unit', true],
    ['Academies', 'Academy converter', true],
    ['Free Schools', 'University technical college', true],
    ['Special schools', 'Community special school', true],
    ['Special schools', 'Foundation special school', true],
    ['Special schools', 'Non-maintained special school', false],
    ['Special schools', 'Other independent special school', false],
    ['Independent schools', 'Other independent school', false],
    ['Colleges', 'Further education', false],
    ['Other types', 'Special post 16 institution', false],
  ])('%s / %s → %s', (group, type, expected) => {
    expect(isStateFunded(group, type)).toBe(expected);
  });

  it('is not state-funded without a type group', () => {
    expect(isStateFunded(null, 'Community school')).toBe(false);
  });
});

describe('phase', () => {
  it.each([
    ['Community school', 'Primary', 'primary'],
    ['Voluntary controlled school', 'Middle deemed primary', 'primary'],
    ['Academy converter', 'Secondary', 'secondary'],
    ['Foundation school', 'Middle deemed secondary', 'secondary'],
    ['Academy converter', 'All-through', 'all_through'],
    ['Academy 16-19 converter', '16 plus', 'post_16'],
    ['Free schools 16 to 19', 'Not applicable', 'post_16'],
    ['Further education', 'Not applicable', 'post_16'],
    ['Sixth form centres', 'Secondary', 'post_16'],
    ['Local authority nursery school', 'Nursery', 'nursery'],
    ['Community school', 'Nursery', 'nursery'],
    ['Community special school', 'Not applicable', 'special'],
    ['Academy special converter', 'Secondary', 'special'],
    ['Free schools special', 'All-through', 'special'],
    ['Pupil referral unit', 'Not applicable', 'special'],
    ['Academy alternative provision sponsor led', 'Secondary', 'special'],
    ['Higher education institutions', 'Not applicable', 'other'],
    ['Welsh establishment', 'Primary', 'other'],
    ['British schools overseas', 'Secondary', 'other'],
  ])('%s, %s → %s', (type, phase, expected) => {
    expect(schoolPhase(school(type, phase, [4, 11]))).toBe(expected);
  });

  it('uses the age range when GIAS says the phase is not applicable', () => {
    expect(schoolPhase(school('Other independent school', 'Not applicable', [3, 18]))).toBe('all_through');
    expect(schoolPhase(school('Other independent school', 'Not applicable', [7, 13]))).toBe('primary');
    expect(schoolPhase(school('Other independent school', 'Not applicable', [13, 18]))).toBe('secondary');
    expect(schoolPhase(school('Other independent school', 'Not applicable'))).toBe('other');
  });

  it('classifies an unknown GIAS phase by age range', () => {
    expect(schoolPhase(school('Community school', 'Lower school', [5, 9]))).toBe('primary');
  });

  it.each([
    [16, 19, 'post_16'],
    [2, 5, 'nursery'],
    [4, 11, 'primary'],
    [7, 13, 'primary'],
    [11, 13, 'secondary'],
    [11, 16, 'secondary'],
    [9, 14, 'secondary'],
    [4, 16, 'all_through'],
    [3, 19, 'all_through'],
  ] as const)('ages %i to %i → %s', (low, high, expected) => {
    expect(phaseFromAges(low, high)).toBe(expected);
  });
});

describe('status and sixth form', () => {
  it('counts open and proposed-to-close establishments as open', () => {
    expect(isOpenStatus('Open')).toBe(true);
    expect(isOpenStatus('Open, but proposed to close')).toBe(true);
    expect(isOpenStatus('Closed')).toBe(false);
    expect(isOpenStatus('Proposed to open')).toBe(false);
  });

  it('reads the official sixth form', () => {
    expect(hasSixthForm('Has a sixth form')).toBe(true);
    expect(hasSixthForm('Does not have a sixth form')).toBe(false);
    expect(hasSixthForm('Not applicable')).toBeNull();
    expect(hasSixthForm(null)).toBeNull();
  });
});

describe('establishment types', () => {
  it('knows each type’s group and two-digit code, whatever the letter case', () => {
    expect(establishmentType('Academy converter')).toEqual({
      code: '34',
      name: 'Academy converter',
      groupName: 'Academies',
    });
    expect(establishmentType('community SCHOOL')?.code).toBe('01');
    expect(establishmentType('Children’s centre')).toBeNull();
  });
});
