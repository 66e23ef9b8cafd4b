import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearRateLimits, latestCodeFor, latestMailTo } from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { people, roleAssignments } from '../people/schema.ts';

let t: TestContext;
let school: { urn: number };
let hub: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
  school = await makeSchool(t.db, { laCode: la.code });
});
beforeEach(() => clearRateLimits(t.db));
afterAll(() => t.close());

const fields = (email: string, overrides: Record<string, string | string[]> = {}) => ({
  givenName: 'Priya',
  familyName: 'Shah',
  email,
  schoolUrn: String(school.urn),
  roleInSchool: 'Class teacher',
  yearGroups: ['Year 5'],
  ...overrides,
});

describe('creating an account', () => {
  it('makes the account only when the emailed code is entered, with the school and the participant role', async () => {
    const client = new TestClient(t.app);
    const signInPage = await client.get(paths.signIn);
    expect(signInPage.body).toContain(`href="${paths.createAccount}"`);
    const email = 'priya.shah@example.org';
    const response = await client.submit(paths.createAccount, fields(email));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.createAccountCode);
    expect(await t.db.select().from(people).where(eq(people.email, email))).toHaveLength(0);
    const mail = await latestMailTo(t.db, email);
    expect(mail?.subject).toBe('Your code to create your Maths Hubs Platform account');

    const code = await latestCodeFor(t.db, email);
    const wrong = await client.submit(paths.createAccountCode, {
      code: code === '000000' ? '111111' : '000000',
    });
    const wrongPage = await client.get(wrong.headers.location as string);
    expect(wrongPage.body).toContain('That code is not right');
    expect(await t.db.select().from(people).where(eq(people.email, email))).toHaveLength(0);

    const right = await client.submit(paths.createAccountCode, { code });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe(paths.dashboard);
    const [person] = await t.db.select().from(people).where(eq(people.email, email));
    expect(person).toMatchObject({ givenName: 'Priya', familyName: 'Shah', schoolUrn: school.urn });
    const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, person!.id));
    expect(roles).toEqual([expect.objectContaining({ role: 'participant', hubId: hub.id })]);
    expect((await client.get(paths.dashboard)).statusCode).toBe(200);
  });

  it('does not tell whether an email has an account: the same page, and an email to sign in instead', async () => {
    const existing = await makePerson(t.db, [], { email: 'already@example.org' });
    const client = new TestClient(t.app);
    const response = await client.submit(paths.createAccount, fields(existing.email));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.createAccountCode);
    const mail = await latestMailTo(t.db, existing.email);
    expect(mail?.subject).toBe('You already have an account on the Maths Hubs Platform');
    expect(mail?.textBody).not.toMatch(/\d{6}/);
    const [person] = await t.db.select().from(people).where(eq(people.email, existing.email));
    expect(person!.givenName).toBe(existing.givenName);
  });

  it('refuses bad input with the error summary and the input kept', async () => {
    const client = new TestClient(t.app);
    const response = await client.submit(paths.createAccount, fields('kept@example.org', { schoolUrn: '1' }));
    const page = await client.get(response.headers.location as string);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('There is no school with URN 1');
    expect(page.body).toContain('kept@example.org');
    expect(await latestMailTo(t.db, 'kept@example.org')).toBeNull();
  });
});
