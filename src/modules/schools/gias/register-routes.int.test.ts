import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson, signedInClient } from '../../../../test/support/factories.ts';
import { multipartBody } from '../../../../test/support/multipart.ts';
import { createTestApp, type TestContext } from '../../../../test/support/test-app.ts';
import { SESSION_COOKIE } from '../../../platform/http.ts';
import { paths } from '../../../platform/paths.ts';
import { createSession } from '../../auth/sessions.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/gias/${name}`, import.meta.url));

describe('the school register upload page', () => {
  let t: TestContext;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let analyst: Awaited<ReturnType<typeof makePerson>>;
  let hubLead: Awaited<ReturnType<typeof makePerson>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    hubLead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: (await makeHub(t.db)).id }]);
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    (await t.db.$client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  /** A signed-in browser that loads the upload page and submits its form, keeping its cookies. */
  async function browserOf(personId: number) {
    const jar = new Map([[SESSION_COOKIE, t.app.signCookie(await createSession(t.db, personId))]]);
    const cookie = () => [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    const keep = (response: LightMyRequestResponse) => {
      for (const c of response.cookies as { name: string; value: string }[]) {
        if (c.value) jar.set(c.name, c.value);
        else jar.delete(c.name);
      }
      return response;
    };
    const get = async (url: string) =>
      keep(await t.app.inject({ method: 'GET', url, headers: { cookie: cookie() } }));
    return {
      get,
      async upload(fields: Record<string, string>, file?: { name: string; bytes: Buffer }, withToken = true) {
        const page = await get(paths.admin.registerImport);
        const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
          page.body,
        )?.[1];
        const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        const send = withToken && action && token;
        const { payload, contentType } = multipartBody(
          { ...(send ? { _csrf: token } : {}), ...fields },
          file,
        );
        return keep(
          await t.app.inject({
            method: 'POST',
            url: send ? action : paths.admin.registerImport,
            payload,
            headers: { cookie: cookie(), 'content-type': contentType },
          }),
        );
      },
    };
  }

  it('shows national administrators a form to upload a GIAS file', async () => {
    const page = await (await browserOf(admin.id)).get(paths.admin.registerImport);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="register-import-form"');
    expect(page.body).toMatch(
      /action="\/admin\/register\/import\?_csrf=[^"]+" enctype="multipart\/form-data"/,
    );
    expect(page.body).toContain('name="_csrf"');
    expect(page.body).toContain('data-testid="kind-links"');
  });

  it('imports an establishments file and shows what changed', async () => {
    const browser = await browserOf(admin.id);
    const done = await browser.upload(
      { kind: 'establishments' },
      { name: 'edubaseallstatefunded20250422.csv', bytes: fixture('edubaseallstatefunded_sample_rows.csv') },
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-testid="import-done"');
    expect(done.body).toMatch(/New schools\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*35/);
    expect(await count('schools')).toBe(35);
    const logged = await t.db.$client.query(
      `SELECT DISTINCT actor_person_id, actor_label FROM event_log WHERE subject_type = 'school'`,
    );
    expect(logged.rows).toEqual([{ actor_person_id: admin.id, actor_label: `person:${admin.id}` }]);

    const again = await browser.upload(
      { kind: 'establishments' },
      { name: 'edubaseallstatefunded20250422.csv', bytes: fixture('edubaseallstatefunded_sample_rows.csv') },
    );
    expect(again.body).toMatch(/New schools\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*0/);
    expect(again.body).toMatch(/Unchanged schools\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*35/);
  });

  it('imports the links file', async () => {
    const done = await (await browserOf(admin.id)).upload(
      { kind: 'links' },
      { name: 'links_edubasealldata20250422.csv', bytes: fixture('links_edubasealldata20250422_cut.csv') },
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toMatch(/New links\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*199/);
    expect(await count('school_links')).toBe(199);
  });

  it('rejects a bad file with an error summary and every problem by line, changing nothing', async () => {
    const before = { schools: await count('schools'), imports: await count('register_imports') };
    const bad = fixture('edubaseallstatefunded_sample_rows.csv')
      .toString('latin1')
      .replace('100005,"202"', '10000X,"202"')
      .replace('"01-11-2012"', '"31-11-2012"');
    const rejected = await (await browserOf(admin.id)).upload(
      { kind: 'establishments' },
      { name: 'edited.csv', bytes: Buffer.from(bad, 'latin1') },
    );
    expect(rejected.statusCode).toBe(422);
    expect(rejected.body).toContain('govuk-error-summary');
    expect(rejected.body).toContain('edited.csv was not imported: it has 2 problems. Nothing was changed.');
    const table = /data-testid="import-problems">([\s\S]*?)<\/table>/.exec(rejected.body)?.[1] ?? '';
    const rows = [...table.matchAll(/<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual([
      ['3', 'URN ‘10000X’ is not a URN (a whole number)'],
      ['14', 'OpenDate ‘31-11-2012’ is not a date in the form DD-MM-YYYY'],
    ]);
    expect({ schools: await count('schools'), imports: await count('register_imports') }).toEqual(before);
  });

  it('says which file it is when the links file is uploaded as establishments', async () => {
    const rejected = await (await browserOf(admin.id)).upload(
      { kind: 'establishments' },
      { name: 'links.csv', bytes: fixture('links_edubasealldata20250422_cut.csv') },
    );
    expect(rejected.statusCode).toBe(422);
    expect(rejected.body).toContain('this looks like the GIAS links file: import it as links instead');
  });

  it('asks for the file and its kind when they are missing', async () => {
    const browser = await browserOf(admin.id);
    const noFile = await browser.upload({ kind: 'establishments' });
    expect(noFile.statusCode).toBe(422);
    expect(noFile.body).toContain('Select a GIAS file to import');
    const noKind = await browser.upload(
      {},
      { name: 'x.csv', bytes: fixture('edubaseallstatefunded_sample_rows.csv') },
    );
    expect(noKind.body).toContain('Select what the file holds');
  });

  it('refuses an upload without the form’s CSRF token', async () => {
    const imports = await count('register_imports');
    const forged = await (await browserOf(admin.id)).upload(
      { kind: 'establishments' },
      { name: 'x.csv', bytes: fixture('edubaseallstatefunded_sample_rows.csv') },
      false,
    );
    expect(forged.statusCode).toBe(403);
    expect(await count('register_imports')).toBe(imports);
  });

  it('lists past imports for national administrators and analysts', async () => {
    for (const person of [admin, analyst]) {
      const list = await (await signedInClient(t.app, t.db, person.id)).get(paths.admin.registerImports);
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('edubaseallstatefunded20250422.csv');
      expect(list.body).toContain('links_edubasealldata20250422.csv');
      expect(list.body.includes('data-testid="new-import"')).toBe(person === admin);
    }
  });

  it('keeps everyone else out', async () => {
    const analystClient = await signedInClient(t.app, t.db, analyst.id);
    expect((await analystClient.get(paths.admin.registerImport)).statusCode).toBe(403);
    const analystUpload = await (await browserOf(analyst.id)).upload(
      { kind: 'establishments' },
      { name: 'x.csv', bytes: fixture('edubaseallstatefunded_sample_rows.csv') },
    );
    expect(analystUpload.statusCode).toBe(403);
    const hubLeadClient = await signedInClient(t.app, t.db, hubLead.id);
    expect((await hubLeadClient.get(paths.admin.registerImport)).statusCode).toBe(403);
    expect((await hubLeadClient.get(paths.admin.registerImports)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: paths.admin.registerImports });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toContain(paths.signIn);
    const anonymousPost = await t.app.inject({ method: 'POST', url: paths.admin.registerImport });
    expect([401, 403]).toContain(anonymousPost.statusCode);
  });
});
