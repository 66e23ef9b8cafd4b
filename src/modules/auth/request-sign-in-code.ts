import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/database.ts';
import type { Mailer } from '../../platform/mail.ts';
import { oneTimeCode } from '../../platform/tokens.ts';
import { findEnabledPersonByEmail } from './find-person.ts';
import { checkRateLimits, rateLimits, recordRateLimitHits } from './rate-limits.ts';
import { signInCodes } from './schema.ts';
import { CODE_LIFETIME_MINUTES, hashSignInCode, normaliseEmail, signInCodeEmail } from './sign-in-codes.ts';

export interface RequestSignInCodeDeps {
  db: Database;
  mailer: Mailer;
  /** The address of the page where the code is entered, for the email. */
  signInCodeUrl: string;
  /** Told when the email could not be sent (the person sees the same page either way). */
  onMailError?: (error: unknown) => void;
}

export interface RequestSignInCodeInput {
  email: string;
  ip: string;
  now?: Date;
}

/**
 * Emails a one-time code to a known, enabled person. The caller learns nothing about whether the email
 * is known: the same result comes back either way, and unknown addresses count against the same limits.
 * Throws TooManyRequestsError (and sends nothing) over the limits.
 */
export async function requestSignInCode(
  deps: RequestSignInCodeDeps,
  input: RequestSignInCodeInput,
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const limits = [
    { limit: rateLimits.codeRequestsPerEmail, value: email },
    { limit: rateLimits.codeRequestsPerIp, value: input.ip },
  ];
  const code = await deps.db.transaction(async (tx) => {
    await checkRateLimits(tx, limits, now);
    await recordRateLimitHits(tx, limits, now);
    const person = await findEnabledPersonByEmail(tx, email);
    if (!person) return null;
    // Only the newest code works: asking again retires the earlier ones.
    await tx
      .update(signInCodes)
      .set({ expiresAt: now })
      .where(and(eq(signInCodes.email, email), isNull(signInCodes.usedAt), gt(signInCodes.expiresAt, now)));
    const fresh = oneTimeCode();
    await tx.insert(signInCodes).values({
      email,
      codeHash: hashSignInCode(email, fresh),
      requestedFromIp: input.ip,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CODE_LIFETIME_MINUTES * 60_000),
    });
    return fresh;
  });
  if (!code) return;
  try {
    await deps.mailer.send({ to: email, ...signInCodeEmail(code, deps.signInCodeUrl), secrets: [code] });
  } catch (error) {
    deps.onMailError?.(error);
  }
}
