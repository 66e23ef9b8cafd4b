import { count, desc } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { mailSecretsOf, unredact } from '../../platform/mail.ts';
import { outbox } from '../../platform/mail-schema.ts';

export type OutboxMail = typeof outbox.$inferSelect;

/**
 * The most recent mail first, a page at a time (the development outbox page). A sign-in code is stored
 * redacted; while it lasts (and only in development and test) its kept copy is put back for display.
 */
export async function listOutbox(
  db: Executor,
  input: { page: number; pageSize: number },
): Promise<{ total: number; mails: OutboxMail[] }> {
  const [totals] = await db.select({ total: count() }).from(outbox);
  const mails = await db
    .select()
    .from(outbox)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const secrets = await mailSecretsOf(
    db,
    mails.map((m) => m.id),
  );
  return {
    total: totals?.total ?? 0,
    mails: mails.map((m) => {
      const kept = secrets.get(m.id);
      return kept ? { ...m, textBody: unredact(m.textBody, kept) } : m;
    }),
  };
}
