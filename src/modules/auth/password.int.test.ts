import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearRateLimits, signInByCode } from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { sha256 } from '../../platform/tokens.ts';
import { people } from '../people/schema.ts';
import { rateLimits } from './rate-limits.ts';
import { rateLimitHits } from './schema.ts';

describe('passwords', () => {
  let t: TestContext;
  let person: Awaited<ReturnType<typeof makePerson>>;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    t = await createTestApp();
    person = await makePerson(t.db, [{ role: 'participant' }]);
  });
  afterAll(() => t.close());
  beforeEach(() => clearRateLimits(t.db));

  const signInWithPassword = async (email: string, pw: string) => {
    const client = new TestClient(t.app);
    const response = await client.submit(paths.signInPassword, { email, password: pw });
    return { client, response };
  };

  it('explains what is wrong with a new password, with an error summary', async () => {
    const client = await signInByCode(t.app, t.db, person.email);
    const page = await client.get(paths.accountPassword);
    expect(page.body).toContain('Set a password');
    const short = await client.submit(paths.accountPassword, { password: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(303);
    const again = await client.get(paths.accountPassword);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('Password must be 12 characters or more');
    expect(again.body).toContain('href="#password"');
    expect(again.body).not.toContain('value="short"');
    await client.submit(paths.accountPassword, { password, confirmPassword: `${password}!` });
    expect((await client.get(paths.accountPassword)).body).toContain('The passwords do not match');
    const [row] = await t.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.passwordHash).toBeNull();
  });

  it('sets a password, records it, and then the password signs the person in', async () => {
    const client = await signInByCode(t.app, t.db, person.email);
    const saved = await client.submit(paths.accountPassword, { password, confirmPassword: password });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(paths.account);
    const account = await client.get(paths.account);
    expect(account.body).toContain('Your password has been set');
    const [row] = await t.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    const recorded = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.password_set'));
    expect(recorded).toHaveLength(1);
    expect(JSON.stringify(recorded)).not.toContain(password);

    const { client: other, response } = await signInWithPassword(person.email.toUpperCase(), password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.dashboard);
    expect((await other.get(paths.dashboard)).statusCode).toBe(200);
    // The session that set the password stays signed in.
    expect((await client.get(paths.dashboard)).statusCode).toBe(200);
  });

  it('takes a password exactly as typed, spaces at its ends included', async () => {
    const spaced = await makePerson(t.db, [{ role: 'participant' }]);
    const client = await signInByCode(t.app, t.db, spaced.email);
    const typed = '  spaces at both ends  ';
    await client.submit(paths.accountPassword, { password: typed, confirmPassword: typed });
    expect((await signInWithPassword(` ${spaced.email} `, typed)).response.headers.location).toBe(
      paths.dashboard,
    );
    const trimmed = await signInWithPassword(spaced.email, typed.trim());
    expect(trimmed.response.headers.location).not.toBe(paths.dashboard);
  });

  it('changing the password ends the person’s other sessions', async () => {
    const elsewhere = await signInByCode(t.app, t.db, person.email);
    const here = await signInByCode(t.app, t.db, person.email);
    const next = `${password} again`;
    await here.submit(paths.accountPassword, { password: next, confirmPassword: next });
    expect((await here.get(paths.dashboard)).statusCode).toBe(200);
    expect((await elsewhere.get(paths.dashboard)).statusCode).toBe(302);
    expect(
      await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.password_changed')),
    ).toHaveLength(1);
    await here.submit(paths.accountPassword, { password, confirmPassword: password });
  });

  it('gives one answer for a wrong password and an unknown email, keeping the email', async () => {
    for (const [email, pw] of [
      [person.email, 'not the password at all'],
      ['nobody@example.org', password],
    ] as const) {
      const { client, response } = await signInWithPassword(email, pw);
      expect(response.statusCode).toBe(303);
      const page = await client.get(response.headers.location as string);
      expect(page.body).toContain('Enter a correct email address and password');
      expect(page.body).toContain(`value="${email}"`);
    }
  });

  it('limits wrong passwords for an email address', async () => {
    for (let i = 0; i < 5; i++) await signInWithPassword(person.email, `wrong password ${i}`);
    const { response } = await signInWithPassword(person.email, password);
    expect(response.statusCode).toBe(429);
    expect(response.body).toContain('Too many wrong passwords');
  });

  it('caps wrong passwords for an email address over a day, whatever the IP address', async () => {
    // 49 wrong passwords earlier today, spread over quarter hours (so no 15-minute limit applies).
    await t.db.insert(rateLimitHits).values(
      Array.from({ length: rateLimits.wrongPasswordsPerEmailPerDay.limit - 1 }, (_, i) => ({
        bucket: rateLimits.wrongPasswordsPerEmailPerDay.bucket,
        key: sha256(person.email),
        occurredAt: new Date(Date.now() - (20 + i * 20) * 60_000),
      })),
    );
    await signInWithPassword(person.email, 'one more wrong password');
    const { response } = await signInWithPassword(person.email, password);
    expect(response.statusCode).toBe(429);
    expect(response.body).toContain(
      'Too many wrong passwords have been entered for this email address today',
    );
  });
});
