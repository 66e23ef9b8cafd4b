import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { TooManyRequestsError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/tokens.ts';
import { rateLimitHits } from './schema.ts';

export interface RateLimit {
  /** What is counted and for whom, e.g. 'code-request:email'. */
  bucket: string;
  limit: number;
  windowMinutes: number;
  /** Shown to the person who hits the limit. */
  message: string;
}

const wait = (minutes: number) => `Wait ${minutes} minutes, then try again.`;

/**
 * The limits of the sign-in pages. Counted per email address (the account: the main limit) and per IP
 * address (a ceiling high enough for a room of teachers on one school network, behind one address).
 */
export const rateLimits = {
  codeRequestsPerEmail: {
    bucket: 'code-request:email',
    limit: 5,
    windowMinutes: 15,
    message: `You have asked for too many sign-in codes for this email address. ${wait(15)}`,
  },
  codeRequestsPerEmailPerDay: {
    bucket: 'code-request:email:day',
    limit: 20,
    windowMinutes: 24 * 60,
    message:
      'You have asked for too many sign-in codes for this email address today. Try again tomorrow, or sign in with a password if you have set one.',
  },
  codeRequestsPerIp: {
    bucket: 'code-request:ip',
    limit: 300,
    windowMinutes: 15,
    message: `Too many sign-in codes have been asked for from your network. ${wait(15)}`,
  },
  wrongCodesPerIp: {
    bucket: 'code-failure:ip',
    limit: 30,
    windowMinutes: 15,
    message: `Too many wrong codes have been entered from your network. ${wait(15)}`,
  },
  /** Each code dies after 5 wrong tries and 5 codes may be asked for in 15 minutes: this caps the day. */
  wrongCodesPerEmailPerDay: {
    bucket: 'code-failure:email:day',
    limit: 50,
    windowMinutes: 24 * 60,
    message:
      'Too many wrong codes have been entered for this email address today, so sign-in codes for it are stopped for 24 hours. Sign in with a password if you have set one, or try again tomorrow.',
  },
  wrongPasswordsPerEmail: {
    bucket: 'password-failure:email',
    limit: 5,
    windowMinutes: 15,
    message: `Too many wrong passwords have been entered for this email address. ${wait(15)} You can sign in with an emailed code instead.`,
  },
  wrongPasswordsPerEmailPerDay: {
    bucket: 'password-failure:email:day',
    limit: 50,
    windowMinutes: 24 * 60,
    message:
      'Too many wrong passwords have been entered for this email address today, so passwords for it are stopped for 24 hours. You can sign in with an emailed code instead.',
  },
  wrongPasswordsPerIp: {
    bucket: 'password-failure:ip',
    limit: 20,
    windowMinutes: 15,
    message: `Too many wrong passwords have been entered from your network. ${wait(15)}`,
  },
} satisfies Record<string, RateLimit>;

/** Who a limit counts: the raw email or IP address is never stored, only its hash. */
export interface RateLimitSubject {
  limit: RateLimit;
  value: string;
}

const keyOf = (subject: RateLimitSubject) => sha256(subject.value.trim().toLowerCase());

/**
 * Serialises the checks on these subjects until the transaction ends, so that two processes cannot
 * both pass a limit with its last free attempt.
 */
async function lock(tx: Executor, subjects: RateLimitSubject[]): Promise<void> {
  const keys = subjects.map((s) => `${s.limit.bucket}:${keyOf(s)}`).sort();
  for (const key of keys) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

async function countHits(tx: Executor, subject: RateLimitSubject, now: Date): Promise<number> {
  const since = new Date(now.getTime() - subject.limit.windowMinutes * 60_000);
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(rateLimitHits)
    .where(
      and(
        eq(rateLimitHits.bucket, subject.limit.bucket),
        eq(rateLimitHits.key, keyOf(subject)),
        gt(rateLimitHits.occurredAt, since),
      ),
    );
  return row?.count ?? 0;
}

/**
 * Throws TooManyRequestsError if any subject has used up its limit. Call it inside a transaction: it
 * holds a lock on the subjects until the transaction ends.
 */
export async function checkRateLimits(
  tx: Executor,
  subjects: RateLimitSubject[],
  now = new Date(),
): Promise<void> {
  await lock(tx, subjects);
  for (const subject of subjects) {
    if ((await countHits(tx, subject, now)) >= subject.limit.limit) {
      throw new TooManyRequestsError(subject.limit.message);
    }
  }
}

/** Counts one attempt against each subject, and forgets this subject's attempts that no longer count. */
export async function recordRateLimitHits(
  tx: Executor,
  subjects: RateLimitSubject[],
  now = new Date(),
): Promise<void> {
  for (const subject of subjects) {
    const key = keyOf(subject);
    const expired = new Date(now.getTime() - subject.limit.windowMinutes * 60_000);
    await tx
      .delete(rateLimitHits)
      .where(
        and(
          eq(rateLimitHits.bucket, subject.limit.bucket),
          eq(rateLimitHits.key, key),
          lt(rateLimitHits.occurredAt, expired),
        ),
      );
    await tx.insert(rateLimitHits).values({ bucket: subject.limit.bucket, key, occurredAt: now });
  }
}

/** The longest window of any limit: counted attempts older than this no longer count anywhere. */
export const LONGEST_WINDOW_MINUTES = Math.max(...Object.values(rateLimits).map((l) => l.windowMinutes));

/** Forgets every counted attempt older than the longest window (the scheduled clean-up). */
export async function deleteStaleRateLimitHits(db: Executor, now = new Date()): Promise<number> {
  const gone = await db
    .delete(rateLimitHits)
    .where(lt(rateLimitHits.occurredAt, new Date(now.getTime() - LONGEST_WINDOW_MINUTES * 60_000)))
    .returning({ id: rateLimitHits.id });
  return gone.length;
}
