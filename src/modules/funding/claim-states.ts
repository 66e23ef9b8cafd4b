import type { ClaimStatus } from './schema.ts';

/**
 * A claim's state machine (docs/state-machines.md): submitted → approved → paid, or submitted →
 * rejected with a reason. Approved and paid claims are owed by the Maths Hubs Network Fund and appear on
 * the hub's grant statement. Every transition writes an event (`funding.claim_<status>`).
 */
export const claimActions = ['approve', 'reject', 'pay'] as const;
export type ClaimAction = (typeof claimActions)[number];

export const claimTransitions: Record<ClaimAction, { from: readonly ClaimStatus[]; to: ClaimStatus }> = {
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  pay: { from: ['approved'], to: 'paid' },
};

export const claimStatusNames: Record<ClaimStatus, string> = {
  submitted: 'Submitted',
  approved: 'Approved',
  rejected: 'Rejected',
  paid: 'Paid',
};

export const claimActionNames: Record<ClaimAction, string> = {
  approve: 'Approve',
  reject: 'Reject',
  pay: 'Mark as paid',
};

/** The status a claim moves to, or null if the action is not allowed from its status. */
export function nextClaimStatus(status: ClaimStatus, action: ClaimAction): ClaimStatus | null {
  const t = claimTransitions[action];
  return t.from.includes(status) ? t.to : null;
}

/** The actions open to the national team for a claim in this status. */
export const actionsFor = (status: ClaimStatus): ClaimAction[] =>
  (Object.keys(claimTransitions) as ClaimAction[]).filter((a) => nextClaimStatus(status, a) !== null);
