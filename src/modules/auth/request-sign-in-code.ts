import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/database.ts';
import { forgetMailSecrets, type Mailer } from '../../platform/mail.ts';
import { oneTimeCode } from '../../platform/tokens.ts';
import { findEnabledPersonByEmail } from './find-person.ts';
import { checkRateLimits, rateLimits, recordRateLimitHits } from './rate-limits.ts';
import { signInCodes } from './schema.ts';
import { CODE_LIFETIME_MINUTES, hashSignInCode, normaliseEmail, signInCodeEmail } from './sign-in-codes.ts';

export interface RequestSignInCodeDeps {
  db: Database;
  mailer: Mailer;
  /** The key of the code hashes (signInCodeKey). */
  codeKey: string;
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
 * Throws TooManyRequestsError (and sends nothing) over the limits: per email address (the account) in
 * 15 minutes and in a day, and a much higher ceiling per IP address (a school network shares one).
 *
 * Only a keyed hash of the code is stored. The code itself lives in memory until the mailer has it:
 * the outbox row keeps the email with the code redacted, and SMTP is given the full text (platform/mail.ts).
 */
export async function requestSignInCode(
  deps: RequestSignInCodeDeps,
  input: RequestSignInCodeInput,
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const limits = [
    { limit: rateLimits.codeRequestsPerEmail, value: email },
    { limit: rateLimits.codeRequestsPerEmailPerDay, value: email },
    { limit: rateLimits.codeRequestsPerIp, value: input.ip },
  ];
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MINUTES * 60_000);
  const code = await deps.db.transaction(async (tx) => {
    await checkRateLimits(tx, limits, now);
    await recordRateLimitHits(tx, limits, now);
    const person = await findEnabledPersonByEmail(tx, email);
    if (!person) return null;
    // Only the newest code works: asking again deletes the earlier ones (and any development copy).
    await tx.delete(signInCodes).where(eq(signInCodes.email, email));
    await forgetMailSecrets(tx, email);
    const fresh = oneTimeCode();
    await tx.insert(signInCodes).values({
      email,
      codeHash: hashSignInCode(deps.codeKey, email, fresh),
      createdAt: now,
      expiresAt,
    });
    return fresh;
  });
  if (!code) return;
  try {
    await deps.mailer.send({
      to: email,
      ...signInCodeEmail(code, deps.signInCodeUrl),
      secrets: [code],
      secretsExpireAt: expiresAt,
    });
  } catch (error) {
    deps.onMailError?.(error);
  }
}
