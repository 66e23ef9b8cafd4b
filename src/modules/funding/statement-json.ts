import type { FundingSource } from './grant-rules.ts';
import type { YearStatement } from './sync-statement.ts';

/**
 * A statement as the CLI and the API give it: `{hub, year, lines: [{activity, ncp, source, amount_pence,
 * …}], total_pence}` (of one funding source, if asked), each line with what traces it (activity and claim ids, rule, counts, statement).
 */
export function statementJson(s: YearStatement, source?: FundingSource) {
  const lines = source ? s.lines.filter((l) => l.source === source) : s.lines;
  return {
    hub: s.hub.slug,
    year: s.year,
    lines: lines.map((l) => ({
      activity: l.activityTitle,
      ncp: l.ncpCode,
      source: l.source,
      amount_pence: l.amountPence,
      activity_id: l.activityId,
      claim_id: l.claimId,
      rule: l.ruleLabel,
      rule_kind: l.ruleKind,
      payee: l.payee,
      counts: l.counts,
      explanation: l.explanation,
      statement: l.statementNumber,
      adjustment: l.isAdjustment,
    })),
    total_pence: lines.reduce((sum, l) => sum + l.amountPence, 0),
  };
}
