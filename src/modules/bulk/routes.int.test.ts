import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { packRepeated, sheetHead, sheetTail, workbookOf } from '../../../test/support/zip.ts';
import { SESSION_COOKIE } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { importSlots } from '../../platform/upload-limits.ts';
import { createSession } from '../auth/sessions.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/delivery/${name}`, import.meta.url));

describe('the delivery upload page', () => {
  let t: TestContext;
  let hubLead: { id: number };
  let otherLead: { id: number };
  let llme: { id: number };

  beforeAll(async () => {
    // One file read at once, and a short wait for the next (the busy test).
    t = await createTestApp({}, { IMPORT_CONCURRENCY: '1', IMPORT_WAIT_SECONDS: '0.3' });
    const hub = await makeHub(t.db, { slug: 'example-maths-hub' });
    await makeNcp(t.db, { code: 'NCP23-09' });
    await makeNcp(t.db, { code: 'NCP23-21' });
    await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { email: 'lead.one@example.org' });
    hubLead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    otherLead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: (await makeHub(t.db)).id }]);
    llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    (await t.db.$client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

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
      async upload(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
        const page = await get(paths.myHub.imports);
        const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
          page.body,
        )?.[1];
        const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        const { payload, contentType } = multipartBody({ _csrf: token!, ...fields }, file);
        return keep(
          await t.app.inject({
            method: 'POST',
            url: action!.replaceAll('&amp;', '&'),
            payload,
            headers: { cookie: cookie(), 'content-type': contentType },
          }),
        );
      },
    };
  }

  it('shows hub leadership the upload form, and refuses LLMEs', async () => {
    const page = await (await browserOf(hubLead.id)).get(paths.myHub.imports);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="delivery-import-form"');
    expect(page.body).toMatch(/action="\/hub\/imports\?_csrf=[^"]+" enctype="multipart\/form-data"/);
    expect((await (await browserOf(llme.id)).get(paths.myHub.imports)).statusCode).toBe(403);
  });

  it('imports a file and shows the counts', async () => {
    const browser = await browserOf(hubLead.id);
    const done = await browser.upload(
      { kind: 'activities' },
      { name: 'activities.csv', bytes: fixture('activities.csv') },
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-testid="import-done"');
    expect(done.body).toMatch(/New activities\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*3/);
    expect(await count('hub_activities')).toBe(3);
    const logged = await t.db.$client.query(
      `SELECT actor_person_id, action FROM event_log WHERE subject_type = 'delivery_import'`,
    );
    expect(logged.rows).toEqual([{ actor_person_id: hubLead.id, action: 'delivery.activities_imported' }]);
  });

  it('shows every problem by line, and another hub’s leadership cannot import this hub’s rows', async () => {
    const browser = await browserOf(otherLead.id);
    const before = await count('hub_activities');
    const refused = await browser.upload(
      { kind: 'activities' },
      { name: 'activities.csv', bytes: fixture('activities.csv') },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain(
      'activities.csv was not imported: it has 3 problems. Nothing was changed.',
    );
    const lines = [
      ...refused.body.matchAll(
        /govuk-table__cell--numeric">(\d+)<\/td>\s*<td class="govuk-table__cell">([^<]+)</g,
      ),
    ];
    expect(lines.map((m) => m[1])).toEqual(['2', '3', '4']);
    expect(lines[0]![2]).toContain('is not your hub');
    expect(await count('hub_activities')).toBe(before);

    const missing = await browser.upload({});
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Select what the file holds');
    expect(missing.body).toContain('Select a CSV or Excel file to import');
  });

  it('still imports an ordinary workbook through the page', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Activities');
    sheet.addRow(['Hub', 'Year', 'NCP', 'Reference', 'Kind', 'Title', 'Start date']);
    sheet.addRow([
      'example-maths-hub',
      '2023/24',
      'NCP23-09',
      'WG-XLSX-01',
      'Work Group',
      'From a workbook',
      new Date(Date.UTC(2023, 8, 4)),
    ]);
    const done = await (await browserOf(hubLead.id)).upload(
      { kind: 'activities' },
      { name: 'activities.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) },
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('data-testid="import-done"');
    const added = await t.db.$client.query(
      `SELECT title, starts_on FROM hub_activities WHERE reference = 'WG-XLSX-01'`,
    );
    expect(added.rows).toEqual([{ title: 'From a workbook', starts_on: '2023-09-04' }]);
  });

  it('refuses workbook bombs with a clear message while public pages stay fast', async () => {
    const row = '<row><c t="inlineStr"><is><t>example-maths-hub</t></is></c></row>';
    const bomb = workbookOf(await packRepeated(sheetHead, row, 1200 * 1024 * 1024, sheetTail));
    const lying = workbookOf(await packRepeated(sheetHead, row, 300 * 1024 * 1024, sheetTail), {
      declaredSize: 50_000,
    });
    const browsers = await Promise.all([1, 2, 3, 4, 5].map(() => browserOf(hubLead.id)));
    const before = await count('hub_activities');
    // One file read at a time, the others waiting their turn as long as they need: this app waits 0.3 s
    // (for the "busy" test below), which five bombs in turn could pass on a busy machine.
    importSlots.configure(1, 60_000);
    const uploads = browsers.map((b, i) =>
      b.upload({ kind: 'activities' }, { name: `bomb-${i}.xlsx`, bytes: i % 2 ? lying : bomb }),
    );
    const started = performance.now();
    const page = await t.app.inject({ method: 'GET', url: paths.findYourHub });
    const pageMs = performance.now() - started;
    const answers = await Promise.all(uploads).finally(() => importSlots.configure(1, 300));
    expect(page.statusCode).toBe(200);
    expect(pageMs).toBeLessThan(1000);
    for (const [i, answer] of answers.entries()) {
      expect(answer.statusCode).toBe(422);
      expect(answer.body).toContain(
        `bomb-${i}.xlsx was not imported: it has a problem. Nothing was changed.`,
      );
      expect(answer.body).toMatch(
        i % 2
          ? /unpacks to more than its own table of contents says/
          : /unpacks to more than 100 MB when opened/,
      );
    }
    expect(await count('hub_activities')).toBe(before);
  }, 120_000);

  it('refuses a file over the upload limit as it arrives, with a clear message', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 'a');
    const refused = await (await browserOf(hubLead.id)).upload(
      { kind: 'activities' },
      { name: 'huge.csv', bytes: big },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(
      'The file is larger than 20 MB, the most that can be uploaded here: split it into smaller files',
    );
  });

  it('tells the person the service is busy when other files are being read, and changes nothing', async () => {
    let release!: () => void;
    const held = importSlots.run(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const busy = await (await browserOf(hubLead.id)).upload(
        { kind: 'activities' },
        { name: 'activities.csv', bytes: fixture('activities.csv') },
      );
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('60');
      expect(busy.body).toContain('The service is busy reading other people’s files. Nothing was changed');
    } finally {
      release();
      await held;
    }
  });
});
