import { formatPence } from '../funding/money.ts';
import { type EvaluationRow, evaluationTotals } from './overview.ts';

/** An evaluation row as a page shows it (money in pounds, attendance as a percentage or "no registers"). */
export function rowView(r: EvaluationRow) {
  return {
    ...r,
    grant: formatPence(r.grantPence),
    attendance: r.attendancePercent === null ? 'No registers yet' : `${r.attendancePercent}%`,
  };
}

export function totalsView(rows: readonly EvaluationRow[]) {
  const t = evaluationTotals(rows);
  return { ...t, grant: formatPence(t.grantPence) };
}
