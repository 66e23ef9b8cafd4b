import { describe, expect, it } from 'vitest';
import { referenceFile } from '../../../test/support/hub-factories.ts';
import type { TfmStage } from '../catalogue/schema.ts';
import { type NextStepKind, ncpFitsStep } from './journey-rules.ts';

// The shipped 2023/24 catalogue: each next step links to the NCPs a school of its phase would take.
const shipped = (
  JSON.parse(referenceFile('catalogue/2023-24.json')) as {
    ncps: {
      code: string;
      title: string;
      strand: string | null;
      phases: string[];
      completesTfmStage?: TfmStage | null;
    }[];
  }
).ncps;
const codesFor = (step: NextStepKind, phase: 'primary' | 'secondary' | 'special') =>
  shipped
    .filter((n) => ncpFitsStep(step, { ...n, completesTfmStage: n.completesTfmStage ?? null }, phase))
    .map((n) => n.code);

describe('the NCPs of a next step', () => {
  it('finds the Work Groups of the stage for the school’s phase', () => {
    expect(codesFor('development', 'primary')).toEqual(['NCP23-09']);
    expect(codesFor('development', 'secondary')).toEqual(['NCP23-12']);
    expect(codesFor('embedding', 'primary')).toEqual(['NCP23-10']);
    expect(codesFor('sustaining', 'secondary')).toEqual(['NCP23-14']);
    expect(codesFor('readiness', 'primary')).toEqual(['NCP23-08']);
  });

  it('finds the special schools’ community and Mastering Number at KS2', () => {
    expect(codesFor('special_schools_development', 'special')).toEqual(['NCP23-09s']);
    expect(codesFor('mastering_number_ks2', 'primary')).toEqual(['NCP23-06']);
  });
});
