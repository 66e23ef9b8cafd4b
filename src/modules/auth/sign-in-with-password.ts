import type { Database } from '../../platform/database.ts';
import { hashPassword, verifyPassword } from '../../platform/tokens.ts';
import { findEnabledPersonByEmail } from './find-person.ts';
import { checkRateLimits, rateLimits, recordRateLimitHits } from './rate-limits.ts';
import { normaliseEmail } from './sign-in-codes.ts';

export interface SignInWithPasswordInput {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}

// Checked when there is no such person or no password, so that a wrong email takes as long as a wrong password.
let decoyHash: Promise<string> | null = null;
const decoy = () => {
  decoyHash ??= hashPassword('decoy password that matches nothing');
  return decoyHash;
};

/**
 * Checks an email address and password. Wrong tries count per email and per IP address; over the
 * limits it throws TooManyRequestsError without checking the password.
 */
export async function signInWithPassword(
  db: Database,
  input: SignInWithPasswordInput,
): Promise<{ ok: true; personId: number } | { ok: false }> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const limits = [
    { limit: rateLimits.wrongPasswordsPerEmail, value: email },
    { limit: rateLimits.wrongPasswordsPerEmailPerDay, value: email },
    { limit: rateLimits.wrongPasswordsPerIp, value: input.ip },
  ];
  return db.transaction(async (tx) => {
    await checkRateLimits(tx, limits, now);
    const person = await findEnabledPersonByEmail(tx, email);
    const matches = await verifyPassword(input.password, person?.passwordHash ?? (await decoy()));
    if (person?.passwordHash && matches) return { ok: true, personId: person.id } as const;
    await recordRateLimitHits(tx, limits, now);
    return { ok: false } as const;
  });
}
