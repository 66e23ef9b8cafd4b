import { academicYearCode } from '../../platform/dates.ts';
import {
  definitions,
  developmentProgrammeNames,
  phaseGroupNames,
  sktmProgrammeNames,
  stageNames,
} from './figure-definitions.ts';
import type { YearFigures } from './year-figures.ts';

export interface ReportTable {
  name: string;
  /** The chart's title and description (the table is the chart's text alternative). */
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  definition: string;
}

/** The academic year before one: `2023/24` → `2022/23`. */
export const previousYear = (yearCode: string) => academicYearCode(Number(yearCode.slice(0, 4)) - 1);

export const percentOf = (part: number, whole: number) =>
  whole ? Math.round((part / whole) * 1000) / 10 : 0;

/** The schools of a phase at the given Teaching for Mastery stages (1 Readiness … 4 Sustaining). */
export const stageCount = (y: YearFigures, phase: string, stages: number[]) =>
  y.tfmStages.filter((s) => s.phase === phase && stages.includes(s.stage)).reduce((t, s) => t + s.schools, 0);

/** The report's tables, each with last year's column beside (the charts are drawn from them). */
export function reportTables(now: YearFigures, before: YearFigures | undefined): ReportTable[] {
  const prev = before?.yearCode ?? previousYear(now.yearCode);
  return [
    {
      name: 'Engagement by phase',
      caption: `Schools engaged with their Maths Hub in ${now.yearCode}, by phase`,
      columns: ['Phase', 'Engaged schools', 'State-funded schools', 'Engaged (%)', `Engaged in ${prev}`],
      rows: now.engagement.map((e) => [
        phaseGroupNames[e.phase],
        e.engaged,
        e.schools,
        percentOf(e.engaged, e.schools),
        before?.engagement.find((b) => b.phase === e.phase)?.engaged ?? '',
      ]),
      definition: definitions.engagedPhase,
    },
    ...(['primary', 'secondary'] as const).map((phase) => ({
      name: `${phase === 'primary' ? 'Primary' : 'Secondary'} TfM stages`,
      caption: `Number of ${phase} schools engaged in the different stages of the Teaching for Mastery Programme, ${now.yearCode}`,
      columns: ['Stage', 'Schools', `Schools in ${prev}`],
      rows: stageNames
        .map((name, i) => [
          name,
          stageCount(now, phase, [i + 1]),
          before ? stageCount(before, phase, [i + 1]) : '',
        ])
        .filter((r) => phase === 'primary' || r[0] !== 'Mastery Readiness'),
      definition: phase === 'primary' ? definitions.primaryTfm : definitions.secondaryTfm,
    })),
    {
      name: 'SKTM participants',
      caption: `Participants in each Specialist Knowledge for Teaching Mathematics programme, ${now.yearCode}`,
      columns: ['Programme', 'Participants', `Participants in ${prev}`],
      rows: (Object.keys(sktmProgrammeNames) as (keyof typeof sktmProgrammeNames)[]).map((p) => [
        sktmProgrammeNames[p],
        now.sktm[p],
        before?.sktm[p] ?? '',
      ]),
      definition: definitions.sktm,
    },
    {
      name: 'LLME development',
      caption: `LLMEs starting development programmes in ${now.yearCode}`,
      columns: ['Programme', 'LLMEs starting', `Starting in ${prev}`],
      rows: (Object.keys(developmentProgrammeNames) as (keyof typeof developmentProgrammeNames)[]).map(
        (p) => [
          developmentProgrammeNames[p],
          now.llmesStartingDevelopment[p],
          before?.llmesStartingDevelopment[p] ?? '',
        ],
      ),
      definition: definitions.developmentStarts,
    },
  ];
}
