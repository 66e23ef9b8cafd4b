import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../test/support/client.ts';
import { makePerson, signedInClient } from '../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../test/support/test-app.ts';
import { createApiToken } from '../modules/auth/api-tokens.ts';
import { systemActor } from './audit.ts';
import { paths } from './paths.ts';

/** The headers every response carries, whatever it is. */
function expectHardened(response: LightMyRequestResponse) {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('same-origin');
}

describe('security headers', () => {
  let t: TestContext;
  let production: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
    production = await createTestApp({}, { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
  });
  afterAll(async () => {
    await t?.close();
    await production?.close();
  });

  it('on a public page: a CSP without inline script or style, no framing, no caching', async () => {
    const page = await new TestClient(t.app).get(paths.signIn);
    expect(page.statusCode).toBe(200);
    expectHardened(page);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    // The one inline script on the page is govuk-frontend's, allowed by its hash; there is no other,
    // no inline event handler and no style attribute.
    const inline = [...page.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0]![1]!).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(page.body).not.toMatch(/\son[a-z]+\s*=|\sstyle\s*=|javascript:/i);
    expect(page.body).toContain('<script type="module" src="/assets/govuk-frontend.min.js">');
  });

  it('on an error page, and HSTS in production', async () => {
    const missing = await new TestClient(t.app).get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expectHardened(missing);
    const page = await new TestClient(production.app).get(paths.signIn);
    expectHardened(page);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('never caches a signed-in person’s pages or exports', async () => {
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const client = await signedInClient(t.app, t.db, admin.id);
    const account = await client.get(paths.account);
    expect(account.statusCode).toBe(200);
    expectHardened(account);
    expect(account.headers['cache-control']).toBe('no-store');
    const csv = await client.get(`${paths.admin.eventLog}?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(csv.headers['cache-control']).toBe('no-store');
    expectHardened(csv);
  });

  it('never caches an API answer, public or personal', async () => {
    const person = await makePerson(t.db);
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: person.id, name: 'test' });
    const me = await t.app.inject({ url: paths.api.me, headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expectHardened(me);
    const hubs = await t.app.inject({ url: paths.api.hubs });
    expect(hubs.statusCode).toBe(200);
    expect(hubs.headers['cache-control']).toBe('no-store');
  });

  it('lets static assets be cached, even for a signed-in person', async () => {
    const person = await makePerson(t.db);
    const client = await signedInClient(t.app, t.db, person.id);
    for (const url of ['/assets/govuk-frontend.min.js', '/public/init.js']) {
      const asset = await client.get(url);
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).not.toContain('no-store');
      expect(asset.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('gives Swagger UI its own policy, still framed by no one', async () => {
    const docs = await t.app.inject({ url: `${paths.api.docs}/` });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const bundle = await t.app.inject({ url: `${paths.api.docs}/static/swagger-ui-bundle.js` });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['cache-control']).not.toContain('no-store');
  });
});
