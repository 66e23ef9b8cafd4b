import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/database.ts';
import { forgetMailSecrets } from '../../platform/mail.ts';
import { findEnabledPersonByEmail } from './find-person.ts';
import { checkRateLimits, rateLimits, recordRateLimitHits } from './rate-limits.ts';
import { signInCodes } from './schema.ts';
import { codeMatches, MAX_CODE_ATTEMPTS, normaliseCode, normaliseEmail } from './sign-in-codes.ts';

export interface VerifySignInCodeInput {
  email: string;
  code: string;
  ip: string;
  now?: Date;
}

/**
 * 'malformed': not six digits (nothing counted). 'rejected': wrong, expired, used, killed by too many
 * wrong tries, or no such account: one answer for all, so that it reveals nothing.
 */
export type VerifySignInCodeResult =
  | { ok: true; personId: number }
  | { ok: false; reason: 'malformed' | 'rejected' };

/**
 * Checks a code. A right code works once: its row is deleted. Wrong tries count against the code (it
 * dies after MAX_CODE_ATTEMPTS), the IP address, and the email address over a day (however many IP
 * addresses they come from); over those limits it throws TooManyRequestsError without checking.
 */
export async function verifySignInCode(
  db: Database,
  input: VerifySignInCodeInput,
  codeKey: string,
): Promise<VerifySignInCodeResult> {
  return checkEmailedCode(db, input, codeKey, async (tx, email) => {
    const person = await findEnabledPersonByEmail(tx, email);
    return person?.id ?? null;
  });
}

/**
 * The one check of an emailed code, for signing in and for creating an account. A right code is used
 * up (it and the secrets of the emails that carried it are forgotten) and `onRight` says, in the same
 * transaction, whose account it opens (null: none, answered as a wrong code). Wrong tries count against
 * the code, the IP address and the email address (see `verifySignInCode`).
 */
export async function checkEmailedCode(
  db: Database,
  input: VerifySignInCodeInput,
  codeKey: string,
  onRight: (tx: Tx, email: string) => Promise<number | null>,
): Promise<VerifySignInCodeResult> {
  const email = normaliseEmail(input.email);
  const code = normaliseCode(input.code);
  const now = input.now ?? new Date();
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' };
  const limits = [
    { limit: rateLimits.wrongCodesPerIp, value: input.ip },
    { limit: rateLimits.wrongCodesPerEmailPerDay, value: email },
  ];
  return db.transaction(async (tx) => {
    await checkRateLimits(tx, limits, now);
    const [active] = await tx
      .select()
      .from(signInCodes)
      .where(
        and(
          eq(signInCodes.email, email),
          gt(signInCodes.expiresAt, now),
          lt(signInCodes.failedAttempts, MAX_CODE_ATTEMPTS),
        ),
      )
      .orderBy(desc(signInCodes.createdAt), desc(signInCodes.id))
      .limit(1)
      .for('update');
    if (active && codeMatches(codeKey, active.codeHash, email, code)) {
      // Used: nothing of it is kept.
      await tx.delete(signInCodes).where(eq(signInCodes.email, email));
      await forgetMailSecrets(tx, email);
      const personId = await onRight(tx, email);
      if (personId !== null) return { ok: true, personId } as const;
    } else if (active) {
      await tx
        .update(signInCodes)
        .set({ failedAttempts: sql`${signInCodes.failedAttempts} + 1` })
        .where(eq(signInCodes.id, active.id));
    }
    await recordRateLimitHits(tx, limits, now);
    return { ok: false, reason: 'rejected' } as const;
  });
}
