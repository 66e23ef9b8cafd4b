import { formatPence } from '../funding/money.ts';
import { type EvaluationRow, evaluationTotals } from './overview.ts';

/** An evaluation row as a page shows it (money in pounds, attendance as a percentage or "no registers"). */
/** Answered of invited, as "12 of 15 (80%)", or "None issued". */
export const completionText = (invited: number, answered: number) =>
  invited ? `${answered} of ${invited} (${Math.floor((answered / invited) * 100)}%)` : 'None issued';

export function rowView(r: EvaluationRow) {
  return {
    ...r,
    surveys: completionText(r.surveysInvited, r.surveysAnswered),
    grant: formatPence(r.grantPence),
    attendance: r.attendancePercent === null ? 'No registers yet' : `${r.attendancePercent}%`,
  };
}

export function totalsView(rows: readonly EvaluationRow[]) {
  const t = evaluationTotals(rows);
  return {
    ...t,
    grant: formatPence(t.grantPence),
    surveys: completionText(t.surveysInvited, t.surveysAnswered),
  };
}
