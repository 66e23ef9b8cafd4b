import { and, eq, notLike, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearRateLimits,
  latestCodeFor,
  latestMailTo,
  mailCount,
  requestCode,
  signInByCode,
} from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { signingSecret } from '../../platform/config.ts';
import { outboxSecrets } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { sha256 } from '../../platform/tokens.ts';
import { rateLimits } from './rate-limits.ts';
import { rateLimitHits, sessions, signInCodes } from './schema.ts';
import { hashSignInCode, signInCodeKey } from './sign-in-codes.ts';
import { verifySignInCode } from './verify-sign-in-code.ts';

describe('signing in with an emailed code', () => {
  let t: TestContext;
  let person: Awaited<ReturnType<typeof makePerson>>;

  beforeAll(async () => {
    t = await createTestApp();
    person = await makePerson(t.db, [{ role: 'national_analyst' }]);
  });
  afterAll(() => t.close());
  beforeEach(() => clearRateLimits(t.db));
  const codeKey = () => signInCodeKey(signingSecret(t.services.config));
  /** Forgets the counts of the 15-minute limits only (as if a quarter of an hour had passed). */
  const clearRecentLimits = () => t.db.delete(rateLimitHits).where(notLike(rateLimitHits.bucket, '%:day'));

  it('emails a code that lasts 15 minutes, and the code signs the person in', async () => {
    const client = new TestClient(t.app);
    const asked = await requestCode(client, person.email.toUpperCase());
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(paths.signInCode);
    const mail = await latestMailTo(t.db, person.email);
    expect(mail?.textBody).toContain('lasts 15 minutes and works once');
    const code = await latestCodeFor(t.db, person.email);
    // No copy of the code in clear: the outbox keeps the email redacted, the codes table a keyed hash.
    expect(mail?.textBody).toContain('Your sign-in code is [redacted]');
    const { rows: outboxRows } = await t.db.execute(sql`SELECT text_body FROM outbox`);
    expect(JSON.stringify(outboxRows)).not.toMatch(/sign-in code is \d{6}/);
    const [stored] = await t.db.select().from(signInCodes).where(eq(signInCodes.email, person.email));
    expect(stored?.codeHash).not.toContain(code);
    expect(stored?.codeHash).not.toBe(sha256(`${person.email}:${code}`));
    expect(stored?.codeHash).toBe(hashSignInCode(codeKey(), person.email, code));

    const codePage = await client.get(paths.signInCode);
    expect(codePage.body).toContain(person.email);
    const done = await client.submit(paths.signInCode, { code });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.dashboard);
    // Used, the code is gone: its row and the development copy of it.
    expect(await t.db.select().from(signInCodes).where(eq(signInCodes.email, person.email))).toEqual([]);
    expect(await t.db.select().from(outboxSecrets).where(eq(outboxSecrets.toAddress, person.email))).toEqual(
      [],
    );
    const sessionCookie = done.cookies.find((c) => c.name === 'mh_session');
    expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(sessionCookie?.secure).toBeFalsy();
    const dashboard = await client.get(paths.dashboard);
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain(person.email);
    const signIns = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'person.signed_in'), eq(eventLog.subjectId, String(person.id))));
    expect(signIns.at(-1)?.changes).toEqual({ method: 'code' });
  });

  it('gives the same answer for an unknown email, and sends nothing', async () => {
    const before = await mailCount(t.db);
    const client = new TestClient(t.app);
    const asked = await requestCode(client, 'nobody-here@example.org');
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(paths.signInCode);
    const page = await client.get(paths.signInCode);
    expect(page.body).toContain('If <strong>nobody-here@example.org</strong> has an account');
    expect(await mailCount(t.db)).toBe(before);
    const tried = await client.submit(paths.signInCode, { code: '123456' });
    expect(tried.statusCode).toBe(303);
    expect((await client.get(paths.signInCode)).body).toContain('That code is not right');
  });

  it('sends nothing to a disabled person', async () => {
    const disabled = await makePerson(t.db, [], { disabledAt: new Date() });
    await requestCode(new TestClient(t.app), disabled.email);
    expect(await latestMailTo(t.db, disabled.email)).toBeNull();
  });

  it('rejects a wrong code, keeping the person on the code page with an error', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const code = await latestCodeFor(t.db, person.email);
    const wrong = code === '000000' ? '000001' : '000000';
    const tried = await client.submit(paths.signInCode, { code: wrong });
    expect(tried.statusCode).toBe(303);
    expect(tried.headers.location).toBe(paths.signInCode);
    const page = await client.get(paths.signInCode);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('That code is not right');
    expect(page.body).toContain('href="#code"');
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
    // A malformed code is a form error and does not use up a try.
    await client.submit(paths.signInCode, { code: 'abc' });
    expect((await client.get(paths.signInCode)).body).toContain('Enter the 6-digit code from the email');
    // The right code still works after one wrong try.
    expect((await client.submit(paths.signInCode, { code })).headers.location).toBe(paths.dashboard);
  });

  it('accepts a code only once', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const code = await latestCodeFor(t.db, person.email);
    expect((await client.submit(paths.signInCode, { code })).headers.location).toBe(paths.dashboard);
    const other = new TestClient(t.app);
    await requestCode(other, person.email);
    // (the new code asked for here is a different one; the used code must still fail)
    const again = await other.submit(paths.signInCode, { code });
    expect(again.headers.location).toBe(paths.signInCode);
    expect((await other.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('rejects an expired code', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const code = await latestCodeFor(t.db, person.email);
    await t.db
      .update(signInCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signInCodes.email, person.email));
    const tried = await client.submit(paths.signInCode, { code });
    expect(tried.headers.location).toBe(paths.signInCode);
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('kills a code after 5 wrong tries', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const code = await latestCodeFor(t.db, person.email);
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) await client.submit(paths.signInCode, { code: wrong });
    const tried = await client.submit(paths.signInCode, { code });
    expect(tried.headers.location).toBe(paths.signInCode);
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('only the newest code works', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const first = await latestCodeFor(t.db, person.email);
    await requestCode(client, person.email);
    const second = await latestCodeFor(t.db, person.email);
    if (first !== second) {
      expect((await client.submit(paths.signInCode, { code: first })).headers.location).toBe(
        paths.signInCode,
      );
    }
    expect((await client.submit(paths.signInCode, { code: second })).headers.location).toBe(paths.dashboard);
  });

  it('limits code requests per email, with a clear message and no mail', async () => {
    const client = new TestClient(t.app);
    for (let i = 0; i < 5; i++) expect((await requestCode(client, person.email)).statusCode).toBe(303);
    const before = await mailCount(t.db, person.email);
    const over = await requestCode(client, person.email);
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('too many sign-in codes');
    expect(await mailCount(t.db, person.email)).toBe(before);
    // Unknown addresses count the same way, so the limit reveals nothing.
    for (let i = 0; i < 5; i++) await requestCode(client, 'unknown-limit@example.org');
    expect((await requestCode(client, 'unknown-limit@example.org')).statusCode).toBe(429);
  });

  it('lets a room of teachers on one school network each ask for a code', async () => {
    const client = new TestClient(t.app);
    for (let i = 0; i < 40; i++) {
      expect((await requestCode(client, `teacher-${i}@school.example.org`)).statusCode).toBe(303);
    }
    expect((await requestCode(client, person.email)).statusCode).toBe(303);
  });

  it('limits code requests per IP address with a much higher ceiling', async () => {
    // 299 requests already counted from this address (the test client's 127.0.0.1) in 15 minutes.
    const key = sha256('127.0.0.1');
    await t.db.insert(rateLimitHits).values(
      Array.from({ length: rateLimits.codeRequestsPerIp.limit - 1 }, () => ({
        bucket: rateLimits.codeRequestsPerIp.bucket,
        key,
      })),
    );
    const client = new TestClient(t.app);
    expect((await requestCode(client, 'one-more@example.org')).statusCode).toBe(303);
    const over = await requestCode(client, person.email);
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('from your network');
  });

  it('limits code requests per email address over a day as well', async () => {
    const email = await makePerson(t.db).then((p) => p.email);
    const client = new TestClient(t.app);
    const hourAgo = new Date(Date.now() - 3600_000);
    // 19 asked for earlier today (outside the 15 minutes).
    await t.db.insert(rateLimitHits).values(
      Array.from({ length: 19 }, () => ({
        bucket: rateLimits.codeRequestsPerEmailPerDay.bucket,
        key: sha256(email),
        occurredAt: hourAgo,
      })),
    );
    expect((await requestCode(client, email)).statusCode).toBe(303);
    const over = await requestCode(client, email);
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('too many sign-in codes for this email address today');
  });

  it('caps wrong codes per email address over a day, whatever the IP address', async () => {
    const victim = await makePerson(t.db);
    let guesses = 0;
    // Five codes a quarter of an hour, five wrong tries each, from ever-changing addresses.
    while (guesses < rateLimits.wrongCodesPerEmailPerDay.limit) {
      await clearRecentLimits();
      await requestCode(new TestClient(t.app), victim.email);
      for (let i = 0; i < 5 && guesses < rateLimits.wrongCodesPerEmailPerDay.limit; i++, guesses++) {
        const result = await verifySignInCode(
          t.db,
          { email: victim.email, code: '000000', ip: `198.51.100.${guesses % 250}` },
          codeKey(),
        );
        expect(result.ok).toBe(false);
      }
    }
    await clearRecentLimits();
    const client = new TestClient(t.app);
    await requestCode(client, victim.email);
    const right = await latestCodeFor(t.db, victim.email);
    // Even the right code, from a fresh address, is refused for the day, with a clear message.
    const refused = await client.submit(paths.signInCode, { code: right });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many wrong codes have been entered for this email address today');
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('limits wrong codes per IP address, across email addresses', async () => {
    for (let i = 0; i < 30; i++) {
      const result = await verifySignInCode(
        t.db,
        { email: `guess-${i}@example.org`, code: '123456', ip: '192.0.2.7' },
        codeKey(),
      );
      expect(result).toEqual({ ok: false, reason: 'rejected' });
    }
    await expect(
      verifySignInCode(t.db, { email: person.email, code: '123456', ip: '192.0.2.7' }, codeKey()),
    ).rejects.toThrow(/Too many wrong codes/);
    // Another address is not affected.
    const other = await verifySignInCode(
      t.db,
      { email: person.email, code: '123456', ip: '192.0.2.8' },
      codeKey(),
    );
    expect(other.ok).toBe(false);
  });

  it('asks again for a badly written email address, keeping the input', async () => {
    const client = new TestClient(t.app);
    const blank = await client.get(paths.signIn);
    expect(blank.body).not.toContain('govuk-form-group--error');
    expect(blank.body).not.toContain('govuk-error-summary');
    const tried = await requestCode(client, 'not an email');
    expect(tried.statusCode).toBe(303);
    const page = await client.get(tried.headers.location as string);
    expect(page.body).toContain('Enter an email address in the correct format');
    expect(page.body).toContain('govuk-form-group--error');
    expect(page.body).toContain('value="not an email"');
  });

  it('returns only to a relative path after signing in', async () => {
    const good = new TestClient(t.app);
    await requestCode(good, person.email, '/account?tab=1');
    const done = await good.submit(paths.signInCode, { code: await latestCodeFor(t.db, person.email) });
    expect(done.headers.location).toBe('/account?tab=1');

    for (const returnTo of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      '/.//evil.example/x',
    ]) {
      const client = new TestClient(t.app);
      await requestCode(client, person.email, returnTo);
      const result = await client.submit(paths.signInCode, { code: await latestCodeFor(t.db, person.email) });
      expect(result.headers.location).toBe(paths.dashboard);
    }
  });

  it('sends people who are not signed in to sign in, and back again', async () => {
    const page = await new TestClient(t.app).get(paths.account);
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe(`${paths.signIn}?returnTo=${encodeURIComponent(paths.account)}`);
  });

  it('rejects a form posted without its CSRF token', async () => {
    const client = new TestClient(t.app);
    await client.get(paths.signIn);
    const before = await mailCount(t.db, person.email);
    const response = await client.post(paths.signIn, { email: person.email });
    expect(response.statusCode).toBe(403);
    expect(await mailCount(t.db, person.email)).toBe(before);
    const forged = await client.post(paths.signIn, { email: person.email, _csrf: 'forged-token' });
    expect(forged.statusCode).toBe(403);
  });

  it('signs out: the session row ends and the cookie is cleared', async () => {
    const client = await signInByCode(t.app, t.db, person.email);
    const countSessions = async () =>
      (await t.db.select().from(sessions).where(eq(sessions.personId, person.id))).length;
    const before = await countSessions();
    const confirm = await client.get(paths.signOut);
    expect(confirm.body).toContain('data-testid="sign-out"');
    const out = await client.submit(paths.signOut, {});
    expect(out.statusCode).toBe(303);
    expect(out.cookies.find((c) => c.name === 'mh_session')?.value).toBe('');
    expect(await countSessions()).toBe(before - 1);
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
    const signOuts = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.signed_out'));
    expect(signOuts.length).toBeGreaterThan(0);
  });

  it('does not accept a stolen session cookie after sign-out', async () => {
    const client = new TestClient(t.app);
    await requestCode(client, person.email);
    const done = await client.submit(paths.signInCode, { code: await latestCodeFor(t.db, person.email) });
    const stolen = new TestClient(t.app);
    stolen.setCookie('mh_session', done.cookies.find((c) => c.name === 'mh_session')!.value);
    expect((await stolen.get(paths.dashboard)).statusCode).toBe(200);
    await client.submit(paths.signOut, {});
    expect((await stolen.get(paths.dashboard)).statusCode).toBe(302);
  });
});
