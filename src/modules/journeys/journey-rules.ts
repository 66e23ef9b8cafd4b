import { parseAcademicYear } from '../../platform/params.ts';
import { type TfmStage, tfmStages } from '../catalogue/schema.ts';
import type { SchoolPhase } from '../schools/schema.ts';

/**
 * The pure rules of school journeys (no database): stage order and names, the next step for a school,
 * Mastering Number's two programmes, percentages, and academic years in URLs. The SQL-backed
 * definitions (engaged-schools.ts, tfm-stages.ts, …) use these; docs/definitions.md documents both.
 */

export const tfmStageNames: Record<TfmStage, string> = {
  readiness: 'Mastery Readiness',
  development: 'Development',
  embedding: 'Embedding',
  sustaining: 'Sustaining',
};

/** 1 for Readiness … 4 for Sustaining (the order of the journey), 0 for a school not yet in it. */
export const stageRank = (stage: TfmStage | null): number => (stage ? tfmStages.indexOf(stage) + 1 : 0);

export const stageOfRank = (rank: number): TfmStage | null => tfmStages[rank - 1] ?? null;

/** The higher of two stages: a school never goes back (Sustaining is permanent). */
export const higherStage = (a: TfmStage | null, b: TfmStage | null): TfmStage | null =>
  stageRank(a) >= stageRank(b) ? a : b;

/** The stage after this one, or null after Sustaining. */
export const followingStage = (stage: TfmStage): TfmStage | null => stageOfRank(stageRank(stage) + 1);

export type MasteringNumberProgramme = 'reception_ks1' | 'ks2' | 'other';
export const masteringNumberNames: Record<MasteringNumberProgramme, string> = {
  reception_ks1: 'Mastering Number at Reception and KS1',
  ks2: 'Mastering Number at KS2',
  other: 'Mastering Number (other)',
};

/** Whether an NCP is part of Mastering Number: its strand or its title says so. */
export const isMasteringNumber = (title: string, strand: string | null): boolean =>
  /mastering number/i.test(`${title} ${strand ?? ''}`);

/**
 * Which Mastering Number programme an NCP is: KS2 (Years 4 and 5), Reception and KS1, or another
 * Mastering Number project (such as the Embedding the Impact Communities).
 */
export function masteringNumberProgramme(title: string, strand: string | null): MasteringNumberProgramme {
  const text = `${title} ${strand ?? ''}`;
  if (/\bKS2\b|key stage 2/i.test(text)) return 'ks2';
  if (/reception|\bKS1\b|key stage 1/i.test(text)) return 'reception_ks1';
  return 'other';
}

export type NextStepKind = TfmStage | 'special_schools_development' | 'mastering_number_ks2';
export const nextStepNames: Record<NextStepKind, string> = {
  readiness: 'Mastery Readiness Work Group',
  development: 'Development Work Group',
  embedding: 'Embedding Work Group',
  sustaining: 'Sustaining Work Group',
  special_schools_development: 'Special Schools Teaching for Mastery Development Community',
  mastering_number_ks2: 'Mastering Number at KS2',
};

export interface JourneyFacts {
  phase: SchoolPhase;
  /** The school's stage at the end of the year (highest completed), or null. */
  stage: TfmStage | null;
  /** A Teaching for Mastery activity the school is signed up to this year and has not completed. */
  inProgress: TfmStage | null;
  didMasteringNumberReceptionKs1: boolean;
  didMasteringNumberKs2: boolean;
  /** Hub staff recorded that it meets at least one of the Mastery Readiness criteria (`school_criteria`). */
  meetsReadinessCriteria?: boolean;
}

export interface NextStep {
  next: NextStepKind;
  reason: string;
}

const primaryLike: SchoolPhase[] = ['primary', 'all_through', 'special'];

/**
 * The next step of a school's journey by the handbook, with the reason, or null when it has none to take
 * now: it is taking part in a Teaching for Mastery activity this year, or its phase has no Teaching for
 * Mastery route (nursery, 16 to 19, other). Most schools start with Development; Mastery Readiness is for
 * schools that meet its criteria (recorded by hub staff); special schools are offered the special
 * schools' Development Communities; a Sustaining school stays in Sustaining (a Sustaining Work Group each
 * year), or, having taken part in Mastering Number at Reception and KS1, may join Mastering Number at KS2.
 */
export function nextStep(f: JourneyFacts): NextStep | null {
  if (f.inProgress) return null;
  if (!f.stage) {
    if (!['primary', 'secondary', 'all_through', 'special'].includes(f.phase)) return null;
    if (f.meetsReadinessCriteria && f.phase !== 'secondary') {
      return {
        next: 'readiness',
        reason:
          'Not yet in Teaching for Mastery and meets the Mastery Readiness criteria: a candidate for a Mastery Readiness Work Group',
      };
    }
    if (f.phase === 'special') {
      return {
        next: 'special_schools_development',
        reason:
          'Not yet in Teaching for Mastery: special schools are offered a Regional Cross-phase Special Schools Teaching for Mastery Development Community',
      };
    }
    return {
      next: 'development',
      reason:
        'Not yet in Teaching for Mastery: most schools start their journey with a Development Work Group',
    };
  }
  const following = followingStage(f.stage);
  if (following) {
    return {
      next: following,
      reason: `Completed ${tfmStageNames[f.stage]}: ready for a ${tfmStageNames[following]} Work Group`,
    };
  }
  if (f.didMasteringNumberReceptionKs1 && !f.didMasteringNumberKs2 && primaryLike.includes(f.phase)) {
    return {
      next: 'mastering_number_ks2',
      reason:
        'In Sustaining and has taken part in Mastering Number at Reception and KS1: may join Mastering Number at KS2',
    };
  }
  return {
    next: 'sustaining',
    reason: 'In Sustaining, which is permanent: continues in a Sustaining Work Group each year',
  };
}

/** What of an NCP decides whether it is the project for a next step (`ncpFitsStep`). */
export interface StepNcp {
  title: string;
  strand: string | null;
  phases: readonly string[];
  completesTfmStage: TfmStage | null;
}

/**
 * Whether an NCP is one a school takes for its next step (to link the step to the hub's offer): the NCP
 * that completes the step's Teaching for Mastery stage (not the special schools' community, which is
 * the special schools' own step), the special schools' Development Community, or Mastering Number at
 * KS2; for a primary or secondary school, an NCP of its phase (or of no phase in particular).
 */
export function ncpFitsStep(step: NextStepKind, ncp: StepNcp, schoolPhase: SchoolPhase): boolean {
  const special = /special schools?/i.test(`${ncp.title} ${ncp.strand ?? ''}`);
  let fits: boolean;
  if (step === 'special_schools_development') fits = special;
  else if (step === 'mastering_number_ks2')
    fits =
      isMasteringNumber(ncp.title, ncp.strand) && masteringNumberProgramme(ncp.title, ncp.strand) === 'ks2';
  else fits = ncp.completesTfmStage === step && !special;
  if (!fits) return false;
  const phase = schoolPhase === 'primary' || schoolPhase === 'secondary' ? schoolPhase : null;
  const ncpPhases = ncp.phases.filter((p) => p === 'primary' || p === 'secondary');
  return !phase || !ncpPhases.length || ncpPhases.includes(phase);
}

/** A share as a percentage to one decimal place (24.5), or null when there is nobody to share. */
export const percentage = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;

/**
 * How many moved on in a funnel, as a percentage, unless the next year has no data yet: with nothing
 * recorded for the year after (the hub has no activity then and nobody is known to have moved on), a
 * cohort would otherwise show 0% when its next year simply has not been recorded.
 */
export function funnelOutcome(
  started: number,
  movedOn: number,
  nextYearHasData: boolean,
): { percent: number | null; noDataYet: boolean } {
  const noDataYet = !nextYearHasData && movedOn === 0;
  return { percent: noDataYet ? null : percentage(movedOn, started), noDataYet };
}

/** `2023-24` (in a URL) to `2023/24`, or null when it is not an academic year. */
export function yearFromSlug(slug: string): string | null {
  return parseAcademicYear(slug);
}

export const yearSlug = (code: string) => code.replace('/', '-');

/** The academic year after `2023/24`: `2024/25`. */
export function followingYear(code: string): string {
  const start = Number(code.slice(0, 4)) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
