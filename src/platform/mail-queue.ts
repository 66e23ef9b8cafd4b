import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Executor } from './database.ts';
import { type Mailer, setMailKick } from './mail.ts';

/**
 * The email road's sending half (docs/adr/0006). Use cases write each email as an `outbox` row in
 * their transaction (`mailer.queue(tx, mail)`) and kick the queue after commit; `dispatch` turns each
 * pending row into a send job (at once when kicked, and every minute as a backstop); each send job is
 * retried with backoff, and the row records every attempt. A mail server that refuses therefore
 * delays an email but never fails the change that wrote it.
 */
export const mailQueues = {
  send: 'mail-send',
  dispatch: 'mail-dispatch',
} as const;

/** Marks pending outbox rows as queued and returns them (one queued an hour ago and still not sent is queued again). */
export async function claimPendingMail(db: Executor, limit = 1000): Promise<number[]> {
  const { rows } = await db.execute<{ id: number }>(sql`
    UPDATE outbox SET queued_at = now() WHERE id IN (
      SELECT id FROM outbox
      WHERE transport = 'smtp' AND sent_at IS NULL AND failed_at IS NULL
        AND (queued_at IS NULL OR queued_at < now() - interval '1 hour')
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  return rows.map((r) => Number(r.id));
}

export interface MailQueue {
  stop(): Promise<void>;
}

/** Emails one worker fetches at a time. */
const SEND_BATCH = 20;

/** Starts sending queued email on a started pg-boss (the web server's). */
export async function startMailQueue(
  boss: PgBoss,
  db: Executor,
  mailer: Mailer,
  options: { retryDelaySeconds?: number; pollingIntervalSeconds?: number } = {},
): Promise<MailQueue> {
  await boss.createQueue(mailQueues.send, {
    retryLimit: 5,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: 120,
  });
  await boss.createQueue(mailQueues.dispatch, { policy: 'short' });
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  // Up to 20 emails a fetch, fetched again at once while fetches come back full: one a fetch waited the
  // polling interval after each email (one every two seconds a process). Each job settles on its own, so
  // one failed delivery is retried alone and the others are not sent again.
  await boss.work<{ id: number }>(
    mailQueues.send,
    { ...polling, batchSize: SEND_BATCH, burstWhenBatchFull: true, perJobResults: true },
    async (jobs) => {
      const results = [];
      for (const job of jobs) {
        try {
          await mailer.deliver(job.data.id);
          results.push({ id: job.id, status: 'completed' as const });
        } catch (error) {
          results.push({ id: job.id, status: 'failed' as const, output: { message: String(error) } });
        }
      }
      return results;
    },
  );
  await boss.work(mailQueues.dispatch, polling, async () => {
    for (;;) {
      const ids = await claimPendingMail(db);
      if (!ids.length) break;
      await boss.insert(
        mailQueues.send,
        ids.map((id) => ({ data: { id } })),
      );
    }
  });
  await boss.schedule(mailQueues.dispatch, '* * * * *', {}, { tz: 'Europe/London' });
  setMailKick(mailer, () => {
    boss.send(mailQueues.dispatch, {}, { singletonKey: 'kick' }).catch(() => {
      // The minute's schedule sends it anyway.
    });
  });
  // What was written before this process started goes now rather than within a minute.
  mailer.kick();
  return {
    async stop() {
      setMailKick(mailer, null);
      await boss.offWork(mailQueues.send);
      await boss.offWork(mailQueues.dispatch);
    },
  };
}
