import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/client.ts';
import { makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { outbox, outboxSecrets } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { sha256 } from '../../platform/tokens.ts';
import { roleAssignments } from '../people/schema.ts';
import { createApiToken } from './api-tokens.ts';
import { cleanUpSignIn } from './clean-up.ts';
import { rateLimits } from './rate-limits.ts';
import { rateLimitHits, sessions, signInCodes } from './schema.ts';
import { createSession, SESSION_IDLE_MINUTES } from './sessions.ts';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('sessions', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const sessionsOf = (personId: number) =>
    t.db.select().from(sessions).where(eq(sessions.personId, personId));

  it(`end after ${SESSION_IDLE_MINUTES} minutes without a request, as well as after the absolute limit`, async () => {
    const person = await makePerson(t.db);
    const active = await signedInClient(t.app, t.db, person.id);
    const idle = await signedInClient(t.app, t.db, person.id);
    const [first, second] = await sessionsOf(person.id);
    // One was last used just inside the idle limit, the other just outside it.
    await t.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(SESSION_IDLE_MINUTES - 5) })
      .where(eq(sessions.id, first!.id));
    await t.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(SESSION_IDLE_MINUTES + 1) })
      .where(eq(sessions.id, second!.id));
    const [a, b] = await Promise.all([active.get(paths.account), idle.get(paths.account)]);
    const answers = [a.statusCode, b.statusCode].sort();
    expect(answers).toEqual([200, 302]);
    const signedOut = a.statusCode === 302 ? a : b;
    expect(signedOut.headers.location).toBe(`${paths.signIn}?returnTo=${encodeURIComponent(paths.account)}`);
    // The request of the one still in use counts as use: its idle time starts again.
    const [touched] = await t.db.select().from(sessions).where(eq(sessions.id, first!.id));
    expect(Date.now() - touched!.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it('end at the absolute limit however busy they are', async () => {
    const person = await makePerson(t.db);
    const client = await signedInClient(t.app, t.db, person.id);
    await t.db
      .update(sessions)
      .set({ expiresAt: minutesAgo(1) })
      .where(eq(sessions.personId, person.id));
    expect((await client.get(paths.account)).statusCode).toBe(302);
  });

  it('all end with "Sign out everywhere" on the account page, and only that person’s', async () => {
    const person = await makePerson(t.db);
    const other = await makePerson(t.db);
    const laptop = await signedInClient(t.app, t.db, person.id);
    const phone = await signedInClient(t.app, t.db, person.id);
    const someoneElse = await signedInClient(t.app, t.db, other.id);
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: person.id,
      name: 'script',
    });

    const page = await laptop.get(paths.account);
    expect(page.body).toContain('data-testid="sign-out-everywhere-form"');
    const done = await laptop.submit(paths.accountSignOutEverywhere, {}, paths.account);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.signIn);
    expect((await laptop.get(paths.signIn)).body).toContain('You have been signed out everywhere');

    expect(await sessionsOf(person.id)).toEqual([]);
    expect((await laptop.get(paths.account)).statusCode).toBe(302);
    expect((await phone.get(paths.account)).statusCode).toBe(302);
    expect((await someoneElse.get(paths.account)).statusCode).toBe(200);
    // API tokens are separate credentials, revoked on their own page: they keep working.
    const api = await t.app.inject({ url: paths.api.me, headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(200);
    const [logged] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'person.signed_out_everywhere'), eq(eventLog.subjectId, String(person.id))),
      );
    expect(logged?.changes).toEqual({ sessionsEnded: 2 });
  });

  it('refuse "Sign out everywhere" without the form token, or when no one is signed in', async () => {
    const person = await makePerson(t.db);
    const client = await signedInClient(t.app, t.db, person.id);
    const forged = await client.post(paths.accountSignOutEverywhere, {});
    expect(forged.statusCode).toBe(403);
    expect(await sessionsOf(person.id)).toHaveLength(1);
    const anonymous = new TestClient(t.app);
    expect((await anonymous.submit(paths.accountSignOutEverywhere, {}, paths.signIn)).statusCode).toBe(401);
  });

  it('end when one of the person’s roles is ended, so that nothing stays open on it', async () => {
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    const analystClient = await signedInClient(t.app, t.db, analyst.id);
    expect((await analystClient.get(paths.dashboard)).statusCode).toBe(200);
    const [role] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, analyst.id));
    const adminClient = await signedInClient(t.app, t.db, admin.id);
    const ended = await adminClient.submit(paths.admin.endRole(analyst.id, role!.id), { reason: 'Left' });
    expect(ended.statusCode).toBe(303);
    expect(await sessionsOf(analyst.id)).toEqual([]);
    expect((await analystClient.get(paths.dashboard)).statusCode).toBe(302);
    // The person who ended it is still signed in.
    expect((await adminClient.get(paths.dashboard)).statusCode).toBe(200);
  });
});

describe('the sign-in clean-up', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('deletes expired codes, ended sessions, expired development copies and stale counts, and keeps the rest', async () => {
    const person = await makePerson(t.db);
    const now = new Date();
    const later = new Date(now.getTime() + 10 * 60_000);
    await t.db.insert(signInCodes).values([
      { email: 'expired@example.org', codeHash: 'a', expiresAt: minutesAgo(1) },
      { email: 'dead@example.org', codeHash: 'b', expiresAt: later, failedAttempts: 5 },
      { email: 'live@example.org', codeHash: 'c', expiresAt: later },
    ]);
    const live = sha256(await createSession(t.db, person.id));
    const idle = sha256(await createSession(t.db, person.id));
    const old = sha256(await createSession(t.db, person.id));
    await t.db
      .update(sessions)
      .set({ lastSeenAt: minutesAgo(SESSION_IDLE_MINUTES + 1) })
      .where(eq(sessions.id, idle));
    await t.db
      .update(sessions)
      .set({ expiresAt: minutesAgo(1) })
      .where(eq(sessions.id, old));
    const mails = await t.db
      .insert(outbox)
      .values([
        { toAddress: 'a@example.org', subject: 's', textBody: 'code [redacted]', transport: 'outbox' },
        { toAddress: 'b@example.org', subject: 's', textBody: 'code [redacted]', transport: 'outbox' },
      ])
      .returning({ id: outbox.id });
    await t.db.insert(outboxSecrets).values([
      { outboxId: mails[0]!.id, toAddress: 'a@example.org', secrets: ['111111'], expiresAt: minutesAgo(1) },
      { outboxId: mails[1]!.id, toAddress: 'b@example.org', secrets: ['222222'], expiresAt: later },
    ]);
    const bucket = rateLimits.wrongCodesPerEmailPerDay.bucket;
    await t.db.insert(rateLimitHits).values([
      { bucket, key: 'k', occurredAt: minutesAgo(24 * 60 + 1) },
      { bucket, key: 'k', occurredAt: minutesAgo(60) },
    ]);

    expect(await cleanUpSignIn(t.db, now)).toEqual({
      codes: 2,
      sessions: 2,
      mailSecrets: 1,
      rateLimitHits: 1,
    });
    expect((await t.db.select().from(signInCodes)).map((c) => c.email)).toEqual(['live@example.org']);
    expect((await t.db.select().from(sessions)).map((s) => s.id)).toEqual([live]);
    expect((await t.db.select().from(outboxSecrets)).map((s) => s.secrets)).toEqual([['222222']]);
    expect(await t.db.select().from(rateLimitHits)).toHaveLength(1);
  });
});
