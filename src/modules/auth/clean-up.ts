import { gte, lte, or, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database, Executor } from '../../platform/database.ts';
import { deleteExpiredMailSecrets } from '../../platform/mail.ts';
import { deleteStaleRateLimitHits } from './rate-limits.ts';
import { accountRequests, signInCodes } from './schema.ts';
import { deleteEndedSessions } from './sessions.ts';
import { MAX_CODE_ATTEMPTS } from './sign-in-codes.ts';

export interface SignInCleanUp {
  codes: number;
  sessions: number;
  mailSecrets: number;
  rateLimitHits: number;
}

/**
 * Deletes what sign-in no longer needs: codes expired or killed by wrong tries (a used code is deleted
 * when it is used), sessions ended by their absolute or idle timeout, development copies of mailed
 * codes that have expired, and counted attempts older than every limit's window.
 */
export async function cleanUpSignIn(db: Database, now = new Date()): Promise<SignInCleanUp> {
  return db.transaction(async (tx) => {
    const codes = await tx
      .delete(signInCodes)
      .where(or(lte(signInCodes.expiresAt, now), gte(signInCodes.failedAttempts, MAX_CODE_ATTEMPTS)))
      .returning({ id: signInCodes.id });
    // Account requests whose code has expired: nobody entered it, so no account was made.
    await tx.delete(accountRequests).where(lte(accountRequests.expiresAt, now));
    return {
      codes: codes.length,
      sessions: await deleteEndedSessions(tx, now),
      mailSecrets: await deleteExpiredMailSecrets(tx, now),
      rateLimitHits: await deleteStaleRateLimitHits(tx, now),
    };
  });
}

export const signInCleanUpQueue = 'sign-in-clean-up';

/** Runs the clean-up every 15 minutes on a running pg-boss (the web server's queue worker). */
export async function scheduleSignInCleanUp(boss: PgBoss, db: Database): Promise<void> {
  await boss.createQueue(signInCleanUpQueue, { policy: 'short', retryLimit: 2 });
  await boss.work(signInCleanUpQueue, async () => {
    await cleanUpSignIn(db);
  });
  await boss.schedule(signInCleanUpQueue, '*/15 * * * *', {}, { tz: 'Europe/London' });
}

/** Deletes the sign-in codes sent to an address (its person's email changed: the codes are void). */
export async function deleteSignInCodesFor(db: Executor, email: string): Promise<number> {
  const gone = await db
    .delete(signInCodes)
    .where(sql`lower(${signInCodes.email}) = lower(${email})`)
    .returning({ id: signInCodes.id });
  return gone.length;
}
