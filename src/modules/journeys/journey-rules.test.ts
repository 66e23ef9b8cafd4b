import { describe, expect, it } from 'vitest';
import {
  followingYear,
  funnelOutcome,
  higherStage,
  isMasteringNumber,
  masteringNumberProgramme,
  nextStep,
  percentage,
  yearFromSlug,
  yearSlug,
} from './journey-rules.ts';

const facts = (overrides: Partial<Parameters<typeof nextStep>[0]> = {}) => ({
  phase: 'primary' as const,
  stage: null,
  inProgress: null,
  didMasteringNumberReceptionKs1: false,
  didMasteringNumberKs2: false,
  meetsReadinessCriteria: false,
  ...overrides,
});

describe('journey rules', () => {
  it('never goes back a stage: Sustaining is permanent', () => {
    expect(higherStage('sustaining', 'readiness')).toBe('sustaining');
    expect(higherStage(null, 'development')).toBe('development');
    expect(higherStage('embedding', null)).toBe('embedding');
  });

  it('tells the handbook’s Mastering Number NCPs apart', () => {
    expect(masteringNumberProgramme('Mastering Number at KS2 Work Groups', null)).toBe('ks2');
    expect(masteringNumberProgramme('Mastering Number at Reception and KS1 Work Groups', null)).toBe(
      'reception_ks1',
    );
    expect(masteringNumberProgramme('Mastering Number Embedding the Impact Communites', null)).toBe('other');
    expect(isMasteringNumber('Mastery Readiness Work Groups', null)).toBe(false);
    expect(isMasteringNumber('Work Groups', 'Mastering Number')).toBe(true);
  });

  it('gives the next step of the journey by the handbook, with the reason', () => {
    // Most schools start their journey with Development; Readiness only for those meeting its criteria.
    expect(nextStep(facts())).toEqual({
      next: 'development',
      reason:
        'Not yet in Teaching for Mastery: most schools start their journey with a Development Work Group',
    });
    expect(nextStep(facts({ meetsReadinessCriteria: true }))).toEqual({
      next: 'readiness',
      reason:
        'Not yet in Teaching for Mastery and meets the Mastery Readiness criteria: a candidate for a Mastery Readiness Work Group',
    });
    expect(nextStep(facts({ phase: 'secondary' }))?.next).toBe('development');
    expect(nextStep(facts({ phase: 'all_through' }))?.next).toBe('development');
    // Special schools are offered the special schools' Development Communities.
    expect(nextStep(facts({ phase: 'special' }))).toEqual({
      next: 'special_schools_development',
      reason:
        'Not yet in Teaching for Mastery: special schools are offered a Regional Cross-phase Special Schools Teaching for Mastery Development Community',
    });
    expect(nextStep(facts({ phase: 'nursery' }))).toBeNull();
    expect(nextStep(facts({ stage: 'readiness' }))).toEqual({
      next: 'development',
      reason: 'Completed Mastery Readiness: ready for a Development Work Group',
    });
    expect(nextStep(facts({ stage: 'development' }))?.next).toBe('embedding');
    expect(nextStep(facts({ stage: 'embedding' }))?.next).toBe('sustaining');
    expect(nextStep(facts({ stage: 'development', inProgress: 'embedding' }))).toBeNull();
    // A Sustaining school stays in Sustaining: a Sustaining Work Group each year.
    expect(nextStep(facts({ stage: 'sustaining' }))).toEqual({
      next: 'sustaining',
      reason: 'In Sustaining, which is permanent: continues in a Sustaining Work Group each year',
    });
    expect(nextStep(facts({ stage: 'sustaining', inProgress: 'sustaining' }))).toBeNull();
    // Mastering Number at KS2 is for schools in Sustaining that did Reception and KS1.
    expect(nextStep(facts({ stage: 'sustaining', didMasteringNumberReceptionKs1: true }))?.next).toBe(
      'mastering_number_ks2',
    );
    expect(nextStep(facts({ stage: 'embedding', didMasteringNumberReceptionKs1: true }))?.next).toBe(
      'sustaining',
    );
    expect(
      nextStep(
        facts({ stage: 'sustaining', didMasteringNumberReceptionKs1: true, didMasteringNumberKs2: true }),
      )?.next,
    ).toBe('sustaining');
  });

  it('gives percentages to one decimal place: the seed hub’s “under 25%” of 110 ECTs', () => {
    expect(percentage(27, 110)).toBe(24.5);
    expect(percentage(2, 3)).toBe(66.7);
    expect(percentage(0, 0)).toBeNull();
  });

  it('gives no funnel percentage when the year after has no data yet, but does once anything is known', () => {
    expect(funnelOutcome(110, 0, false)).toEqual({ percent: null, noDataYet: true });
    expect(funnelOutcome(110, 0, true)).toEqual({ percent: 0, noDataYet: false });
    expect(funnelOutcome(110, 27, true)).toEqual({ percent: 24.5, noDataYet: false });
    // Someone known to have moved on (to another hub's group) is data, even before the hub records the year.
    expect(funnelOutcome(4, 1, false)).toEqual({ percent: 25, noDataYet: false });
  });

  it('writes academic years as 2023-24 in URLs and 2023/24 in text', () => {
    expect(yearFromSlug('2023-24')).toBe('2023/24');
    expect(yearFromSlug('2023-25')).toBeNull();
    expect(yearFromSlug('nonsense')).toBeNull();
    expect(yearSlug('2023/24')).toBe('2023-24');
    expect(followingYear('2023/24')).toBe('2024/25');
    expect(followingYear('2099/00')).toBe('2100/01');
  });
});
