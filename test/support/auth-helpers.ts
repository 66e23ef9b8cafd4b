import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { rateLimitHits } from '../../src/modules/auth/schema.ts';
import type { Database } from '../../src/platform/database.ts';
import { outbox, outboxSecrets } from '../../src/platform/mail-schema.ts';
import { paths } from '../../src/platform/paths.ts';
import { TestClient } from './client.ts';

/** The newest email sent to an address (from the outbox table), or null. */
export async function latestMailTo(db: Database, email: string) {
  const [mail] = await db
    .select()
    .from(outbox)
    .where(eq(outbox.toAddress, email.toLowerCase()))
    .orderBy(desc(outbox.id))
    .limit(1);
  return mail ?? null;
}

/** The 6-digit code in a sign-in email's text. */
export function codeIn(text: string): string {
  const match = /sign-in code is (\d{6})/.exec(text);
  if (!match) throw new Error(`No sign-in code in: ${text}`);
  return match[1]!;
}

/**
 * The code of the newest sign-in email to an address. The outbox keeps the email with the code
 * redacted; in development and test the code is kept apart (outbox_secrets) until it is used or expires.
 */
export async function latestCodeFor(db: Database, email: string): Promise<string> {
  const mail = await latestMailTo(db, email);
  if (!mail) throw new Error(`No email was sent to ${email}`);
  const [kept] = await db.select().from(outboxSecrets).where(eq(outboxSecrets.outboxId, mail.id));
  if (!kept?.secrets[0]) throw new Error(`No sign-in code is kept for the newest email to ${email}`);
  return codeIn(mail.textBody.replace('[redacted]', kept.secrets[0]));
}

export async function mailCount(db: Database, email?: string): Promise<number> {
  const rows = email
    ? await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.toAddress, email.toLowerCase()))
    : await db.select({ id: outbox.id }).from(outbox);
  return rows.length;
}

/** Forgets every counted attempt, so that one test's requests do not use up the next test's limits. */
export async function clearRateLimits(db: Database): Promise<void> {
  await db.delete(rateLimitHits);
}

/** Asks for a code on the sign-in page (as a browser would), returning the response. */
export async function requestCode(client: TestClient, email: string, returnTo = '') {
  const formUrl = returnTo ? `${paths.signIn}?returnTo=${encodeURIComponent(returnTo)}` : paths.signIn;
  return client.submit(paths.signIn, { email, returnTo }, formUrl);
}

/** Signs in through the whole emailed-code flow; returns the client (now holding the session cookie). */
export async function signInByCode(app: FastifyInstance, db: Database, email: string): Promise<TestClient> {
  const client = new TestClient(app);
  const asked = await requestCode(client, email);
  expect(asked.statusCode).toBe(303);
  const code = await latestCodeFor(db, email);
  const done = await client.submit(paths.signInCode, { code });
  expect(done.statusCode).toBe(303);
  return client;
}
