import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCodeFor, latestMailTo } from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { outboxSecrets } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { hashPassword } from '../../platform/tokens.ts';
import { DEMO_EMAIL_DOMAIN } from '../people/demo-accounts.ts';
import { people } from '../people/schema.ts';

const seedDemoPeople = async (t: TestContext) => {
  const hub = await makeHub(t.db);
  const admin = await makePerson(t.db, [{ role: 'national_admin' }], {
    email: `demo.admin@${DEMO_EMAIL_DOMAIN}`,
    givenName: 'Demo',
    familyName: 'Administrator',
  });
  const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
    email: `demo.lead@${DEMO_EMAIL_DOMAIN}`,
    givenName: 'Demo',
    familyName: 'Lead',
  });
  const real = await makePerson(t.db, [{ role: 'national_admin' }]);
  return { admin, lead, real };
};

describe('demo shortcuts and the outbox in test', () => {
  let t: TestContext;
  let seeded: Awaited<ReturnType<typeof seedDemoPeople>>;

  beforeAll(async () => {
    t = await createTestApp();
    seeded = await seedDemoPeople(t);
  });
  afterAll(() => t.close());

  it('lists one demo account per role on the sign-in page', async () => {
    const page = await new TestClient(t.app).get(paths.signIn);
    expect(page.body).toContain('data-testid="demo-accounts"');
    expect(page.body).toContain(`data-testid="demo-sign-in-${seeded.admin.id}"`);
    expect(page.body).toContain(`data-testid="demo-sign-in-${seeded.lead.id}"`);
    expect(page.body).toContain('Hub leadership: Maths Hub Lead');
    expect(page.body).not.toContain(seeded.real.email);
  });

  it('signs in as a demo account with one button', async () => {
    const client = new TestClient(t.app);
    const response = await client.submit(
      paths.signInDemo,
      { personId: String(seeded.lead.id) },
      paths.signIn,
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.dashboard);
    expect((await client.get(paths.dashboard)).body).toContain(seeded.lead.email);
  });

  it('does not sign in as someone who is not a demo person', async () => {
    const client = new TestClient(t.app);
    const response = await client.submit(
      paths.signInDemo,
      { personId: String(seeded.real.id) },
      paths.signIn,
    );
    expect(response.statusCode).toBe(404);
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('shows sent mail in the outbox, newest first', async () => {
    const client = new TestClient(t.app);
    await client.submit(paths.signIn, { email: seeded.admin.email });
    await client.submit(paths.signIn, { email: seeded.lead.email });
    const page = await client.get(paths.outbox);
    expect(page.statusCode).toBe(200);
    const recipients = [...page.body.matchAll(/data-testid="outbox-to">([^<]+)</g)].map((m) => m[1]);
    expect(recipients.slice(0, 2)).toEqual([seeded.lead.email, seeded.admin.email]);
    expect(page.body).toMatch(/Your sign-in code is \d{6}/);
    // The table itself keeps the email redacted; the page shows the code kept apart while it lasts.
    expect((await latestMailTo(t.db, seeded.lead.email))?.textBody).toContain('sign-in code is [redacted]');
  });

  it('shows a code in the outbox no longer once it has been used', async () => {
    const client = new TestClient(t.app);
    await client.submit(paths.signIn, { email: seeded.real.email });
    const code = await latestCodeFor(t.db, seeded.real.email);
    expect((await client.get(paths.outbox)).body).toContain(`Your sign-in code is ${code}`);
    expect((await client.submit(paths.signInCode, { code })).headers.location).toBe(paths.dashboard);
    const page = await client.get(paths.outbox);
    expect(page.body).not.toContain(`Your sign-in code is ${code}`);
    expect(page.body).toContain('Your sign-in code is [redacted]');
  });
});

describe('demo shortcuts and the outbox in production', () => {
  let t: TestContext;
  let seeded: Awaited<ReturnType<typeof seedDemoPeople>>;

  beforeAll(async () => {
    t = await createTestApp(
      {},
      { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' },
    );
    seeded = await seedDemoPeople(t);
  });
  afterAll(() => t.close());

  it('shows no demo accounts and refuses the shortcut with 404', async () => {
    const client = new TestClient(t.app);
    const page = await client.get(paths.signIn);
    expect(page.body).not.toContain('demo-accounts');
    expect(page.body).not.toContain(seeded.admin.email);
    const response = await client.submit(
      paths.signInDemo,
      { personId: String(seeded.admin.id) },
      paths.signIn,
    );
    expect(response.statusCode).toBe(404);
    expect((await client.get(paths.dashboard)).statusCode).toBe(302);
  });

  it('has no outbox page', async () => {
    expect((await new TestClient(t.app).get(paths.outbox)).statusCode).toBe(404);
  });

  it('keeps no copy of a sign-in code anywhere', async () => {
    await new TestClient(t.app).submit(paths.signIn, { email: seeded.real.email });
    const mail = await latestMailTo(t.db, seeded.real.email);
    expect(mail?.textBody).toContain('Your sign-in code is [redacted]');
    expect(await t.db.select().from(outboxSecrets)).toEqual([]);
  });

  it('marks the session cookie secure', async () => {
    await t.db
      .update(people)
      .set({ passwordHash: await hashPassword('a long enough password') })
      .where(eq(people.id, seeded.real.id));
    const client = new TestClient(t.app);
    const done = await client.submit(paths.signInPassword, {
      email: seeded.real.email,
      password: 'a long enough password',
    });
    expect(done.statusCode).toBe(303);
    expect(done.cookies.find((c) => c.name === 'mh_session')?.secure).toBe(true);
  });
});
