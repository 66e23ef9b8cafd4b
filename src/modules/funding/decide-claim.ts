import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { decisionForm } from './claim-forms.ts';
import { claimStatusNames, nextClaimStatus } from './claim-states.ts';
import { refreshStatements } from './refresh-statements.ts';
import { fundingClaims } from './schema.ts';

/** A decision on a claim: the action (`approve`, `reject`, `pay`) and the reason, as typed. */
export interface DecideClaimInput {
  claimId: number;
  action?: unknown;
  reason?: unknown;
}

/** The national team approves, rejects (with a reason) or pays a claim: one step of its state machine. */
export async function decideClaim(
  db: Database,
  actor: Actor,
  input: DecideClaimInput,
): Promise<{ status: string; hubId: number; yearCode: string }> {
  const { claimId } = input;
  const parsed = decisionForm.safeParse({ action: input.action, reason: input.reason });
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const { action, reason } = parsed.data;
  return db.transaction(async (tx) => {
    const [claim] = await tx.select().from(fundingClaims).where(eq(fundingClaims.id, claimId)).for('update');
    if (!claim) throw new NotFoundError('There is no such claim');
    const to = nextClaimStatus(claim.status, action);
    if (!to)
      throw new ConflictError(
        `A claim that is ${claimStatusNames[claim.status].toLowerCase()} cannot be ${action === 'pay' ? 'paid' : `${action}d`}`,
      );
    const now = new Date();
    await tx
      .update(fundingClaims)
      .set({
        status: to,
        reason: reason ?? claim.reason,
        ...(action === 'pay' ? { paidAt: now } : { decidedAt: now }),
      })
      .where(eq(fundingClaims.id, claimId));
    await recordEvent(tx, actor, {
      action: `funding.claim_${to}`,
      subjectType: 'funding_claim',
      subjectId: claimId,
      hubId: claim.hubId,
      reason: reason ?? null,
      changes: { status: [claim.status, to] },
    });
    // An approved (or paid) claim is a line of the hub's statement from now.
    if (to === 'approved' || to === 'paid') await refreshStatements(tx, actor, claim.yearCode, [claim.hubId]);
    return { status: to, hubId: claim.hubId, yearCode: claim.yearCode };
  });
}
