import {
  type DevelopmentProgramme,
  developmentProgrammeStrands,
  type PhaseGroup,
  type SktmProgramme,
  sktmProgrammeStrands,
} from './figure-definitions.ts';

/**
 * A year's figures of the annual report, as the page, downloads, API and command take them, and how the
 * rows of its statements (annual-figures.ts) fill them in.
 */
export interface PhaseEngagement {
  phase: PhaseGroup;
  /** State-funded schools open at some time in the year, by current URN. */
  schools: number;
  engaged: number;
}

export interface YearFigures {
  yearCode: string;
  engagement: PhaseEngagement[];
  /** Schools by the highest Teaching for Mastery stage they took part in that year, per phase. */
  tfmStages: { phase: 'primary' | 'secondary'; stage: number; schools: number }[];
  masteringNumber: { receptionKs1: number; ks2: number };
  sktm: Record<SktmProgramme, number>;
  llmes: number;
  masterySpecialists: number;
  llmesStartingDevelopment: Record<DevelopmentProgramme, number>;
  targetedSupportSchools: number;
  /** Schools, colleges and other institutions engaged in post-16 work. */
  post16Institutions: number;
  riwgs: number;
  riwgSchools: number;
  ncps: number;
  hubs: number;
  cumulativeTfmSchools: number;
}

export interface HubSpecialists {
  hubId: number;
  hubName: string;
  llmes: number;
  masterySpecialists: number;
}

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);

/** A year with nothing counted yet: every figure zero. */
export function blankYearFigures(yearCode: string): YearFigures {
  return {
    yearCode,
    engagement: (['primary', 'secondary', 'post_16', 'other'] as const).map((phase) => ({
      phase,
      schools: 0,
      engaged: 0,
    })),
    tfmStages: [],
    masteringNumber: { receptionKs1: 0, ks2: 0 },
    sktm: Object.fromEntries(Object.keys(sktmProgrammeStrands).map((k) => [k, 0])) as Record<
      SktmProgramme,
      number
    >,
    llmes: 0,
    masterySpecialists: 0,
    llmesStartingDevelopment: Object.fromEntries(
      Object.keys(developmentProgrammeStrands).map((k) => [k, 0]),
    ) as Record<DevelopmentProgramme, number>,
    targetedSupportSchools: 0,
    post16Institutions: 0,
    riwgs: 0,
    riwgSchools: 0,
    ncps: 0,
    hubs: 0,
    cumulativeTfmSchools: 0,
  };
}

/** One row of the school statement into a year's figures. */
export function addSchoolRow(y: YearFigures, r: Row) {
  const key = String(r.key);
  if (r.figure === 'engagement') {
    const row = y.engagement.find((e) => e.phase === key)!;
    row.schools = n(r.schools);
    row.engaged = n(r.engaged);
  } else if (r.figure === 'stage') {
    const [phase, rank] = key.split(':');
    y.tfmStages.push({ phase: phase as 'primary', stage: Number(rank), schools: n(r.schools) });
  } else if (r.figure === 'mastering_number') {
    if (key === 'ks2') y.masteringNumber.ks2 = n(r.schools);
    if (key === 'reception_ks1') y.masteringNumber.receptionKs1 = n(r.schools);
  } else if (r.figure === 'targeted_support') y.targetedSupportSchools = n(r.schools);
  else if (r.figure === 'post_16_work') y.post16Institutions = n(r.schools);
  else if (r.figure === 'riwg_schools') y.riwgSchools = n(r.schools);
  else if (r.figure === 'cumulative_tfm') y.cumulativeTfmSchools = n(r.schools);
}

/** One row of the participant statement into a year's figures. */
export function addParticipantRow(y: YearFigures, r: Row) {
  const key = String(r.programme);
  if (key in y.sktm) y.sktm[key as SktmProgramme] = n(r.participants);
  if (key in y.llmesStartingDevelopment)
    y.llmesStartingDevelopment[key as DevelopmentProgramme] = n(r.starting);
}

export const sortStages = (y: YearFigures) =>
  y.tfmStages.sort((a, b) => a.phase.localeCompare(b.phase) || a.stage - b.stage);
