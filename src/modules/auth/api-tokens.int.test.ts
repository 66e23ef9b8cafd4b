import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { apiTokens } from './schema.ts';

describe('personal API tokens and /api/v1/me', () => {
  let t: TestContext;
  let person: Awaited<ReturnType<typeof makePerson>>;
  let hubId: number;

  beforeAll(async () => {
    t = await createTestApp();
    hubId = (await makeHub(t.db)).id;
    person = await makePerson(t.db, [{ role: 'hub_leadership', hubId, title: 'Maths Hub Lead' }]);
  });
  afterAll(() => t.close());

  const me = (token?: string) =>
    t.app.inject({
      method: 'GET',
      url: paths.api.me,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('refuses /api/v1/me without a token, or with a made-up one', async () => {
    const none = await me();
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ status: 401 });
    expect((await me('mhp_made-up')).statusCode).toBe(401);
  });

  it('does not take a session cookie as API authentication', async () => {
    const client = await signedInClient(t.app, t.db, person.id);
    expect((await client.get(paths.api.me)).statusCode).toBe(401);
  });

  it('creates a token shown once, which then calls the API, and revokes it', async () => {
    const client = await signedInClient(t.app, t.db, person.id);
    const created = await client.submit(paths.apiTokens, { name: 'Termly report' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const token = /data-testid="new-api-token"><code>([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(token).toMatch(/^mhp_/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.personId, person.id));
    expect(row?.tokenHash).not.toBe(token);

    const list = await client.get(paths.apiTokens);
    expect(list.body).toContain('Termly report');
    expect(list.body).not.toContain(token!);

    const answer = await me(token);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      person: {
        id: person.id,
        email: person.email,
        displayName: `Test ${person.familyName}`,
        hasPassword: false,
      },
      roles: [
        {
          role: 'hub_leadership',
          roleName: 'Hub leadership',
          title: 'Maths Hub Lead',
          hubId,
          schoolUrn: null,
        },
      ],
    });
    const [used] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id));
    expect(used?.lastUsedAt).not.toBeNull();

    const revoked = await client.submit(paths.apiTokenRevoke(row!.id), {}, paths.apiTokens);
    expect(revoked.statusCode).toBe(303);
    expect((await me(token)).statusCode).toBe(401);
    const actions = (await t.db.select().from(eventLog)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_token.created', 'api_token.revoked']));
  });

  it('lets nobody revoke someone else’s token', async () => {
    const owner = await signedInClient(t.app, t.db, person.id);
    await owner.submit(paths.apiTokens, { name: 'Mine' });
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, 'Mine'));
    const stranger = await makePerson(t.db, [{ role: 'national_admin' }]);
    const other = await signedInClient(t.app, t.db, stranger.id);
    const tried = await other.submit(paths.apiTokenRevoke(row!.id), {}, paths.apiTokens);
    expect(tried.statusCode).toBe(404);
    const [still] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id));
    expect(still?.revokedAt).toBeNull();
  });

  it('asks for a token name', async () => {
    const client = await signedInClient(t.app, t.db, person.id);
    const response = await client.submit(paths.apiTokens, { name: '  ' });
    expect(response.statusCode).toBe(303);
    expect((await client.get(paths.apiTokens)).body).toContain('Enter a name for the token');
  });

  it('documents /api/v1/me in the OpenAPI with its security requirement', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` })).json();
    const operation = doc.paths['/api/v1/me'].get;
    expect(operation.tags).toEqual(['Account']);
    expect(operation.security).toEqual([{ apiToken: [] }]);
  });
});
