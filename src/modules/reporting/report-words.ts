import type { ReportFigure } from './annual-report.ts';

const number = (n: number) => n.toLocaleString('en-GB');

/**
 * A headline figure's comparison, in the same unit as the figure shown and in words: a share is
 * compared as a share ("was 52.3% in 2022/23 (9,876 schools): up 4.8 percentage points"), a count as a
 * count ("was 32 in 2022/23: up 25%"); a year with no data says so instead of "was 0".
 */
export function headlineChange(f: ReportFigure, previousYearCode: string): string {
  if (f.previous === null) return `No data for ${previousYearCode}`;
  // The ten-year figures are compared with the programme's first year with data, the others with last year.
  const year = f.comparedWith ?? previousYearCode;
  if (f.percent !== null && f.previousPercent !== null) {
    const points = Math.round((f.percent - f.previousPercent) * 10) / 10;
    const was = `Was ${f.previousPercent}% in ${year} (${number(f.previous)} schools)`;
    if (points === 0) return `${was}: no change`;
    return `${was}: ${points > 0 ? 'up' : 'down'} ${Math.abs(points)} percentage ${Math.abs(points) === 1 ? 'point' : 'points'}`;
  }
  const was = `Was ${number(f.previous)} in ${year}`;
  if (f.previous === 0) return f.value === 0 ? `${was}: no change` : was;
  const pct = Math.round(((f.value - f.previous) / f.previous) * 100);
  return pct === 0 ? `${was}: no change` : `${was}: ${pct > 0 ? 'up' : 'down'} ${number(Math.abs(pct))}%`;
}
