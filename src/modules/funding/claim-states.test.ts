import { describe, expect, it } from 'vitest';
import { actionsFor, nextClaimStatus } from './claim-states.ts';
import { claimStatuses } from './schema.ts';

describe('the claim state machine', () => {
  it('moves submitted → approved → paid, or submitted → rejected, and nothing else', () => {
    const moves = claimStatuses.flatMap((from) =>
      (['approve', 'reject', 'pay'] as const).flatMap((action) => {
        const to = nextClaimStatus(from, action);
        return to ? [`${from} -${action}-> ${to}`] : [];
      }),
    );
    expect(moves).toEqual([
      'submitted -approve-> approved',
      'submitted -reject-> rejected',
      'approved -pay-> paid',
    ]);
  });

  it('offers the national team only the moves open from each status', () => {
    expect(actionsFor('submitted')).toEqual(['approve', 'reject']);
    expect(actionsFor('approved')).toEqual(['pay']);
    expect(actionsFor('rejected')).toEqual([]);
    expect(actionsFor('paid')).toEqual([]);
  });
});
