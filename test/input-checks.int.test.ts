import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/modules/auth/api-tokens.ts';
import { systemActor } from '../src/platform/audit.ts';
import { formStates } from '../src/platform/form-state-schema.ts';
import { paths } from '../src/platform/paths.ts';
import { TestClient } from './support/client.ts';
import { makeHub, makeLocalAuthority, makePerson, signedInClient } from './support/factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) and text too long for a cookie, wherever a request
 * brings it: a form field, the query, a JSON body, the path. Never a server error.
 */
describe('text a request brings', () => {
  let t: TestContext;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db);
    await makeHub(t.db, {}, [{ laCode: la.code }]);
    adminId = (await makePerson(t.db, [{ role: 'national_admin' }])).id;
  });
  afterAll(() => t?.close());

  it('refuses a NUL in a form field with a field error, keeping the rest of the input', async () => {
    const client = await signedInClient(t.app, t.db, adminId);
    const posted = await client.submit(
      paths.admin.people,
      { givenName: 'Ada\u0000', familyName: 'Lovelace', email: 'ada@example.org' },
      paths.admin.newPerson,
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(paths.admin.newPerson);
    const page = await client.get(paths.admin.newPerson);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Given name must not contain a NUL character (U+0000)');
    expect(page.body).toContain('value="Lovelace"');
    expect(page.body).toContain('value="Ada"');
    // Read once: the next visit shows the empty form.
    const again = await client.get(paths.admin.newPerson);
    expect(again.body).not.toContain('must not contain');
  });

  it('refuses a lone surrogate in a JSON body and a NUL in the query with 400, and in the path with 404', async () => {
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: adminId, name: 'checks' });
    const api = await t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(1),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"person": {"givenName": "\\ud800"}}',
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().error).toMatch(/must not contain an unpaired surrogate/);

    const query = await t.app.inject({ method: 'GET', url: `${paths.findYourHub}?q=a%00b` });
    expect(query.statusCode).toBe(400);
    expect(query.body).toContain('must not contain a NUL character');

    const apiQuery = await t.app.inject({ method: 'GET', url: `${paths.api.findYourHub}?q=a%00b` });
    expect(apiQuery.statusCode).toBe(400);

    const inPath = await t.app.inject({ method: 'GET', url: '/hubs/a%00b' });
    expect(inPath.statusCode).toBe(404);
  });

  it('keeps a refused form’s input server-side: a 100,000-character field is a field error, and the cookie stays small', async () => {
    const client = await signedInClient(t.app, t.db, adminId);
    const long = 'x'.repeat(100_000);
    const posted = await client.submit(
      paths.admin.people,
      { givenName: long, familyName: 'Lovelace', email: 'ada@example.org' },
      paths.admin.newPerson,
    );
    expect(posted.statusCode).toBe(303);
    const cookie = (posted.cookies as { name: string; value: string }[]).find((c) => c.name === 'mh_form');
    expect(cookie).toBeDefined();
    expect(cookie!.value.length).toBeLessThan(200);
    const page = await client.get(paths.admin.newPerson);
    expect(page.body).toContain('Given name must be 20,000 characters or fewer');
    expect(page.body).toContain('value="Lovelace"');
  });

  it('keeps a form’s errors server-side for any refusal, and forgets the unread ones after an hour', async () => {
    const client = await signedInClient(t.app, t.db, adminId);
    const posted = await client.submit(
      paths.admin.people,
      { givenName: '', familyName: 'Lovelace', email: 'ada@example.org' },
      paths.admin.newPerson,
    );
    expect(posted.statusCode).toBe(303);
    expect(await t.db.select().from(formStates)).toHaveLength(1);
    await t.db.update(formStates).set({ createdAt: sql`now() - interval '2 hours'` });
    // Another refusal forgets the old unread one.
    await new TestClient(t.app).submit(paths.signIn, { email: 'not an email' });
    const rows = await t.db.select().from(formStates);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.state)).toContain('not an email');
    const page = await client.get(paths.admin.newPerson);
    expect(page.body).not.toContain('Enter their first name');
  });

  it('goes back only to a page of this site: another site’s Referer, or one that would leave it, is ignored', async () => {
    const client = await signedInClient(t.app, t.db, adminId);
    const csrf = await client.csrfFrom(paths.admin.newPerson);
    for (const referer of [
      'http://evil.example/admin/people/new',
      'http://localhost//evil.example/x',
      'not an address',
    ]) {
      const posted = await client.post(
        paths.admin.people,
        { givenName: 'a\u0000', _csrf: csrf },
        { referer },
      );
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).toBe(paths.admin.people);
    }
  });
});
