import type { Column } from '../../platform/exports.ts';
import type { PartnershipRow, ReferralRow } from './reads.ts';
import { phaseNames, referralSourceNames, referralStatusNames } from './rules.ts';

/** The columns of Targeted Support's downloads (`platform/exports.ts` writes them). */
export const referralColumns: Column<ReferralRow>[] = [
  { header: 'Hub', value: (r) => r.hubName },
  { header: 'School', value: (r) => r.schoolName },
  { header: 'URN', value: (r) => r.schoolUrn },
  { header: 'Year', value: (r) => r.yearCode },
  { header: 'Referred on', value: (r) => r.createdAt },
  { header: 'Referred from', value: (r) => referralSourceNames[r.source] },
  { header: 'Barriers', value: (r) => r.barriers },
  { header: 'Status', value: (r) => referralStatusNames[r.status] },
  { header: 'Decided on', value: (r) => r.decidedAt ?? '' },
];

export const partnershipColumns: Column<PartnershipRow>[] = [
  { header: 'Hub', value: (r) => r.hubName },
  { header: 'School', value: (r) => r.schoolName },
  { header: 'URN', value: (r) => r.schoolUrn },
  { header: 'Year', value: (r) => r.yearCode },
  { header: 'Intensive Support Partner', value: (r) => r.ispName },
  { header: 'Started on', value: (r) => r.startedOn },
  { header: 'Phase', value: (r) => phaseNames[r.phase] },
  { header: 'Visits', value: (r) => r.visits },
  { header: 'Moved on into', value: (r) => r.handoverActivityTitle ?? '' },
  { header: 'Moved on on', value: (r) => r.movedOnOn ?? '' },
];
