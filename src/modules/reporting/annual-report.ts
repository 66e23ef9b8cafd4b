import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { academicYearCode } from '../../platform/dates.ts';
import { annualFigures, specialistsByHub } from './annual-figures.ts';
import {
  type DefinitionKey,
  definitions,
  LLMES_PER_HUB_AMBITION,
  primarySktm,
} from './figure-definitions.ts';
import { percentOf, previousYear, type ReportTable, reportTables, stageCount } from './report-tables.ts';
import { blankYearFigures, type HubSpecialists, type YearFigures } from './year-figures.ts';

export { previousYear, type ReportTable };

/** One figure of the report with last year's value, in the report's form ("40 — was 32 (up 25%)"). */
export interface ReportFigure {
  key: string;
  label: string;
  value: number;
  /** A percentage (of `of`), when the figure is a share. */
  percent: number | null;
  previous: number | null;
  /** Last year's percentage, when the figure is a share (the headline compares percentages with percentages). */
  previousPercent: number | null;
  /** The year `previous` is from: last year, or for the ten-year figures the first year with data. */
  comparedWith: string | null;
  change: string | null;
  definition: string;
}

export interface AnnualReport {
  yearCode: string;
  previousYearCode: string;
  hub: { id: number; name: string } | null;
  headline: ReportFigure[];
  figures: ReportFigure[];
  tables: ReportTable[];
  specialistsByHub: (HubSpecialists & { meetsAmbition: boolean })[];
  ambition: number;
  /** The key figures in every year with data, from the programme's first year to this one. */
  trend: ReportTrend;
}

export interface ReportTrend {
  years: string[];
  figures: { key: string; label: string; values: number[] }[];
}

/**
 * The figures of the report's "Ten years in numbers" (seed 001): "40 Maths Hubs — was 32 (up 25%)",
 * "13,900+ schools have engaged with teaching for mastery — was 140", "33 NCPs — was 17". Each is
 * compared with the programme's first year, not last year: the first year on record in which the
 * figure had a value (2014/15 for hubs and NCPs; 2015/16 for teaching for mastery, when the first
 * schools started). Every other figure is compared with the previous year.
 */
export const TEN_YEAR_FIGURES = ['hubs', 'cumulative_tfm', 'ncps'] as const;

/** The programme's first academic year (the Maths Hubs began in 2014): the trend starts here. */
export const FIRST_PROGRAMME_YEAR = '2014/15';

/** The key figures the report's trend shows, year by year. */
export const TREND_FIGURES = [
  'hubs',
  'ncps',
  'schools_engaged',
  'cumulative_tfm',
  'llmes',
  'mastery_specialists',
] as const;

/**
 * A year's figures with the report's comparisons: each with the previous year (when it is on record),
 * the ten-year figures with the first earlier year in which they had a value. `earlier`: the years
 * before, oldest first.
 */
export function yearReportFigures(now: YearFigures, earlier: readonly YearFigures[]): ReportFigure[] {
  const found = earlier.find((y) => y.yearCode === previousYear(now.yearCode));
  // A previous year with no delivery on record is "no data", not "was 0".
  const before = hasData(found) ? found : undefined;
  return reportFigures(now, before).map((f) =>
    (TEN_YEAR_FIGURES as readonly string[]).includes(f.key) ? againstFirstYear(f, earlier) : f,
  );
}

/** A ten-year figure compared with the first earlier year in which it had a value (none: no comparison). */
function againstFirstYear(f: ReportFigure, earlier: readonly YearFigures[]): ReportFigure {
  for (const y of earlier) {
    const then = reportFigures(y, undefined).find((x) => x.key === f.key)!;
    if (then.value > 0)
      return {
        ...f,
        previous: then.value,
        previousPercent: then.percent,
        comparedWith: y.yearCode,
        change: comparison(f.value, then.value),
      };
  }
  return { ...f, previous: null, previousPercent: null, comparedWith: null, change: null };
}

/** The trend figures in every year with data (any of them above zero), oldest first. */
export function reportTrend(years: readonly YearFigures[]): ReportTrend {
  const rows = years
    .map((y) => ({ yearCode: y.yearCode, figures: reportFigures(y, undefined) }))
    .map((r) => ({
      yearCode: r.yearCode,
      figures: TREND_FIGURES.map((key) => r.figures.find((f) => f.key === key)!),
    }))
    .filter((r) => r.figures.some((f) => f.value > 0));
  const labels = reportFigures(emptyYear('2014/15'), undefined);
  return {
    years: rows.map((r) => r.yearCode),
    figures: TREND_FIGURES.map((key, i) => ({
      key,
      label: labels.find((f) => f.key === key)!.label,
      values: rows.map((r) => r.figures[i]!.value),
    })),
  };
}

/**
 * The report's comparison, in words (not only ▲/▼, which a screen reader may not say): "was 32 (up
 * 25%)"; no change "(no change)"; nothing before (a year with no data): null.
 */
export function comparison(value: number, previous: number | null): string | null {
  if (previous === null) return null;
  if (previous === 0) return value === 0 ? 'was 0 (no change)' : 'was 0';
  const pct = Math.round(((value - previous) / previous) * 100);
  const was = `was ${previous.toLocaleString('en-GB')}`;
  if (pct === 0) return `${was} (no change)`;
  return `${was} (${pct > 0 ? 'up' : 'down'} ${Math.abs(pct).toLocaleString('en-GB')}%)`;
}

/** Whether a year has any delivery on record: a year without is "no data", not a year of zeros. */
export const hasData = (y: YearFigures | undefined): y is YearFigures =>
  !!y && (y.hubs > 0 || y.engagement.some((e) => e.engaged > 0) || y.llmes > 0);

function figure(
  key: string,
  label: string,
  definition: DefinitionKey,
  value: (y: YearFigures) => number,
  now: YearFigures,
  before: YearFigures | undefined,
  share?: (y: YearFigures) => number,
): ReportFigure {
  const v = value(now);
  const previous = before ? value(before) : null;
  return {
    key,
    label,
    value: v,
    percent: share ? percentOf(v, share(now)) : null,
    previous,
    previousPercent: share && before ? percentOf(value(before), share(before)) : null,
    comparedWith: before ? before.yearCode : null,
    change: comparison(v, previous),
    definition: definitions[definition],
  };
}

const engaged = (y: YearFigures, phase?: string) =>
  y.engagement.filter((e) => !phase || e.phase === phase).reduce((t, e) => t + e.engaged, 0);
const population = (y: YearFigures) => y.engagement.reduce((t, e) => t + e.schools, 0);
const sum = (values: number[]) => values.reduce((t, v) => t + v, 0);

/** Every headline figure, named as the report names it. */
export function reportFigures(now: YearFigures, before: YearFigures | undefined): ReportFigure[] {
  const f = (
    key: string,
    label: string,
    d: DefinitionKey,
    value: (y: YearFigures) => number,
    share?: (y: YearFigures) => number,
  ) => figure(key, label, d, value, now, before, share);
  return [
    f(
      'schools_engaged',
      'Schools in England engaged with their Maths Hub',
      'engaged',
      (y) => engaged(y),
      population,
    ),
    f(
      'primary_engaged',
      'Primary schools engaged',
      'engagedPhase',
      (y) => engaged(y, 'primary'),
      (y) => sum(y.engagement.filter((e) => e.phase === 'primary').map((e) => e.schools)),
    ),
    f(
      'secondary_engaged',
      'Secondary schools actively participating',
      'engagedPhase',
      (y) => engaged(y, 'secondary'),
      (y) => sum(y.engagement.filter((e) => e.phase === 'secondary').map((e) => e.schools)),
    ),
    f(
      'post_16_engaged',
      'Schools, colleges and other post-16 institutions',
      'post16Institutions',
      (y) => y.post16Institutions,
    ),
    f('primary_tfm', 'Primary schools in Teaching for Mastery Work Groups', 'primaryTfm', (y) =>
      stageCount(y, 'primary', [1, 2, 3, 4]),
    ),
    f('secondary_tfm_development', 'Secondary schools at the Development stage', 'secondaryTfm', (y) =>
      stageCount(y, 'secondary', [2]),
    ),
    f(
      'secondary_tfm_embedding_sustaining',
      'Secondary schools embedding or sustaining',
      'secondaryTfm',
      (y) => stageCount(y, 'secondary', [3, 4]),
    ),
    f(
      'mastering_number_reception_ks1',
      'Schools in Mastering Number at Reception and KS1',
      'masteringNumber',
      (y) => y.masteringNumber.receptionKs1,
    ),
    f(
      'mastering_number_ks2',
      'Schools in Mastering Number at KS2',
      'masteringNumber',
      (y) => y.masteringNumber.ks2,
    ),
    f('primary_sktm', 'Primary SKTM participants', 'sktm', (y) => sum(primarySktm.map((p) => y.sktm[p]))),
    f(
      'secondary_non_specialist_sktm',
      'Participants in Secondary Non-specialists SKTM',
      'sktm',
      (y) => y.sktm.secondary_non_specialist,
    ),
    f(
      'secondary_ta_sktm',
      'Participants in SKTM for Secondary Teaching Assistants',
      'sktm',
      (y) => y.sktm.secondary_tas,
    ),
    f('llmes', 'Active LLMEs', 'llmes', (y) => y.llmes),
    f('mastery_specialists', 'Active Mastery Specialists', 'masterySpecialists', (y) => y.masterySpecialists),
    f('llmes_starting_development', 'LLMEs starting development programmes', 'developmentStarts', (y) =>
      sum(Object.values(y.llmesStartingDevelopment)),
    ),
    f(
      'post_16_specialists_starting',
      'Post-16 Mastery Specialists beginning training',
      'post16Specialists',
      (y) => y.llmesStartingDevelopment.post_16_mastery_specialists,
    ),
    f(
      'targeted_support',
      'Schools receiving Targeted Support',
      'targetedSupport',
      (y) => y.targetedSupportSchools,
    ),
    f('riwgs', 'Research and Innovation Work Groups', 'riwgs', (y) => y.riwgs),
    f('riwg_schools', 'Schools participating in RIWGs', 'riwgs', (y) => y.riwgSchools),
    f('ncps', 'Network Collaborative Projects', 'ncps', (y) => y.ncps),
    f('hubs', 'Maths Hubs', 'hubs', (y) => y.hubs),
    f(
      'cumulative_tfm',
      'Schools that have engaged with teaching for mastery since 2015/16',
      'cumulativeTfm',
      (y) => y.cumulativeTfmSchools,
    ),
  ];
}

/** The annual report for a year (nationally, or a hub's own version), with last year's figures beside. */
export async function buildAnnualReport(
  db: Executor,
  q: { yearCode: string; hub?: { id: number; name: string } },
): Promise<AnnualReport> {
  const previousYearCode = previousYear(q.yearCode);
  // Every year from the programme's first: the ten-year comparisons and the trend need them.
  const fromYear = q.yearCode < FIRST_PROGRAMME_YEAR ? q.yearCode : FIRST_PROGRAMME_YEAR;
  // The hubs' LLMEs and specialists counted beside the figures.
  const [years, byHub] = await readsAtOnce(db, [
    () => annualFigures(db, { fromYear, toYear: q.yearCode, hubId: q.hub?.id }),
    () => specialistsByHub(db, { yearCode: q.yearCode, hubId: q.hub?.id }),
  ]);
  const now = years.find((y) => y.yearCode === q.yearCode) ?? emptyYear(q.yearCode);
  const found = years.find((y) => y.yearCode === previousYearCode);
  const before = hasData(found) ? found : undefined;
  const earlier = years.filter((y) => y.yearCode < q.yearCode);
  const figures = yearReportFigures(now, earlier);
  return {
    yearCode: q.yearCode,
    previousYearCode,
    hub: q.hub ?? null,
    headline: figures.filter((f) =>
      ['schools_engaged', 'hubs', 'cumulative_tfm', 'ncps', 'llmes', 'mastery_specialists'].includes(f.key),
    ),
    figures,
    tables: reportTables(now, before),
    specialistsByHub: byHub.map((h) => ({
      ...h,
      meetsAmbition: h.llmes >= LLMES_PER_HUB_AMBITION,
    })),
    ambition: LLMES_PER_HUB_AMBITION,
    trend: reportTrend([...earlier, now]),
  };
}

/**
 * One year's figures without comparisons (the hub dashboard's columns, hub and England): the same
 * definitions as the report, read for that year alone rather than for every year since the first.
 */
export async function oneYearFigures(
  db: Executor,
  q: { yearCode: string; hubId?: number },
): Promise<ReportFigure[]> {
  const [now] = await annualFigures(db, { fromYear: q.yearCode, toYear: q.yearCode, hubId: q.hubId });
  return reportFigures(now ?? emptyYear(q.yearCode), undefined);
}

/** A year with no records (a year not in `academic_years`): every figure zero. */
export const emptyYear = (yearCode: string): YearFigures => blankYearFigures(yearCode);

/** The key figures of every year up to `toYear` (ten by default): the trend table. */
export async function annualTrend(db: Executor, q: { toYear: string; years?: number; hubId?: number }) {
  const fromYear = academicYearCode(Number(q.toYear.slice(0, 4)) - (q.years ?? 10) + 1);
  const years = await annualFigures(db, { fromYear, toYear: q.toYear, hubId: q.hubId });
  return years.map((y, i) => {
    const figures = reportFigures(y, years[i - 1]);
    return { yearCode: y.yearCode, figures };
  });
}
