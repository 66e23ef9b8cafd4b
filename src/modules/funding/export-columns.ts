import { formatDate } from '../../platform/dates.ts';
import { claimStatusNames } from './claim-states.ts';
import { claimRoleNames, fundingSourceNames, fundingSources } from './grant-rules.ts';
import type { ClaimRow } from './list-claims.ts';
import type { nationalFunding } from './national-funding.ts';
import type { StatementLineView } from './sync-statement.ts';

/** The columns of the funding pages' CSV and Excel downloads. */

/** The counts a statement line was worked out from, as a phrase ("12 schools, 30 participants"). */
export const countsText = (c: StatementLineView['counts']) =>
  [
    c.schools !== undefined ? `${c.schools} schools` : '',
    c.participants !== undefined ? `${c.participants} participants` : '',
    c.leads !== undefined ? `${c.leads} leads` : '',
    c.days !== undefined ? `${c.days} days` : '',
  ]
    .filter(Boolean)
    .join(', ');

export const lineColumns = [
  { header: 'Statement', value: (l: StatementLineView) => l.statementNumber },
  { header: 'Activity', value: (l: StatementLineView) => l.activityTitle },
  { header: 'Activity ID', value: (l: StatementLineView) => l.activityId },
  { header: 'Claim ID', value: (l: StatementLineView) => l.claimId },
  { header: 'NCP', value: (l: StatementLineView) => l.ncpCode },
  { header: 'Rule', value: (l: StatementLineView) => l.ruleLabel },
  { header: 'Source', value: (l: StatementLineView) => fundingSourceNames[l.source] },
  { header: 'Paid to', value: (l: StatementLineView) => (l.payee === 'school' ? 'Schools' : 'Hub') },
  { header: 'Counts used', value: (l: StatementLineView) => countsText(l.counts) },
  { header: 'How', value: (l: StatementLineView) => l.explanation },
  { header: 'Adjustment', value: (l: StatementLineView) => (l.isAdjustment ? 'Yes' : 'No') },
  { header: 'Amount (pence)', value: (l: StatementLineView) => l.amountPence },
];

export const claimColumns = [
  { header: 'Claim', value: (c: ClaimRow) => c.id },
  { header: 'Hub', value: (c: ClaimRow) => c.hubName },
  { header: 'Academic year', value: (c: ClaimRow) => c.yearCode },
  { header: 'NCP', value: (c: ClaimRow) => c.ncpCode },
  { header: 'Kind', value: (c: ClaimRow) => (c.kind === 'travel' ? 'Travel' : 'Day rate') },
  { header: 'Role', value: (c: ClaimRow) => (c.role ? claimRoleNames[c.role] : '') },
  { header: 'For', value: (c: ClaimRow) => c.claimantName },
  { header: 'Days', value: (c: ClaimRow) => c.days },
  { header: 'Rate (pence)', value: (c: ClaimRow) => c.ratePence },
  { header: 'Amount (pence)', value: (c: ClaimRow) => c.amountPence },
  { header: 'Description', value: (c: ClaimRow) => c.description },
  { header: 'Status', value: (c: ClaimRow) => claimStatusNames[c.status] },
  { header: 'Reason', value: (c: ClaimRow) => c.reason },
  { header: 'Submitted', value: (c: ClaimRow) => formatDate(c.submittedAt) },
];

type NationalFunding = Awaited<ReturnType<typeof nationalFunding>>;
type HubRow = NationalFunding['hubs'][number];
type NcpRow = NationalFunding['byNcp'][number];

/** The national page's table of NCPs: each source's pence and the total. */
export const ncpColumns = [
  { header: 'NCP', value: (r: NcpRow) => r.ncpCode },
  ...fundingSources.map((s) => ({
    header: `${fundingSourceNames[s]} (pence)`,
    value: (r: NcpRow) => r.sources[s],
  })),
  { header: 'Total (pence)', value: (r: NcpRow) => r.totalPence },
];

/** The national page's table of hubs: each source's pence, the total and the expectations not met. */
export const hubColumns = [
  { header: 'Hub', value: (h: HubRow) => h.name },
  ...fundingSources.map((s) => ({
    header: `${fundingSourceNames[s]} (pence)`,
    value: (h: HubRow) => h.bySource[s],
  })),
  { header: 'Total (pence)', value: (h: HubRow) => h.totalPence },
  { header: 'Expectations not met', value: (h: HubRow) => h.unmetChecks },
];
