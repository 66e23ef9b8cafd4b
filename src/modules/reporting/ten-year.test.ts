import { describe, expect, it } from 'vitest';
import { emptyYear, reportTrend, yearReportFigures } from './annual-report.ts';
import type { YearFigures } from './year-figures.ts';

/** A year of figures: every figure zero but those given. */
const year = (code: string, over: Partial<YearFigures> = {}): YearFigures => ({
  ...emptyYear(code),
  ...over,
});

// The seed's "Ten years in numbers" (001): 40 Maths Hubs, was 32 (up 25%); 13,900+ schools engaged with
// teaching for mastery since 2015/16, was 140 (up 9,829%); 33 NCPs, was 17 (up 94%): against the first
// year, not the last. Years in between, and a year with no data at all (2016/17).
const years: YearFigures[] = [
  year('2014/15', { hubs: 32, ncps: 17 }),
  year('2015/16', { hubs: 34, ncps: 18, cumulativeTfmSchools: 140 }),
  year('2016/17'),
  year('2022/23', { hubs: 40, ncps: 30, cumulativeTfmSchools: 12_000, llmes: 1_400 }),
];
const now = year('2023/24', { hubs: 40, ncps: 33, cumulativeTfmSchools: 13_900, llmes: 1_500 });

describe('the ten-year comparisons', () => {
  const figures = yearReportFigures(now, years);
  const byKey = (key: string) => figures.find((f) => f.key === key)!;

  it('compares the ten-year figures with the first year in which each had a value, as the seed does', () => {
    expect(
      ['hubs', 'cumulative_tfm', 'ncps'].map((k) => [k, byKey(k).change, byKey(k).comparedWith]),
    ).toEqual([
      ['hubs', 'was 32 (up 25%)', '2014/15'],
      ['cumulative_tfm', 'was 140 (up 9,829%)', '2015/16'],
      ['ncps', 'was 17 (up 94%)', '2014/15'],
    ]);
    expect(byKey('hubs').previous).toBe(32);
  });

  it('compares every other figure with the previous year', () => {
    expect([byKey('llmes').change, byKey('llmes').comparedWith]).toEqual(['was 1,400 (up 7%)', '2022/23']);
  });

  it('makes no comparison where there is no earlier year with data', () => {
    const first = yearReportFigures(year('2014/15', { hubs: 32 }), []);
    expect(first.find((f) => f.key === 'hubs')).toMatchObject({
      previous: null,
      comparedWith: null,
      change: null,
    });
  });

  it('gives the trend over every year with data, oldest first, leaving out a year with none', () => {
    const trend = reportTrend([...years, now]);
    expect(trend.years).toEqual(['2014/15', '2015/16', '2022/23', '2023/24']);
    expect(trend.figures.find((f) => f.key === 'hubs')).toEqual({
      key: 'hubs',
      label: 'Maths Hubs',
      values: [32, 34, 40, 40],
    });
    expect(trend.figures.map((f) => f.key)).toEqual([
      'hubs',
      'ncps',
      'schools_engaged',
      'cumulative_tfm',
      'llmes',
      'mastery_specialists',
    ]);
  });
});
