import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { HubAdminPage } from './pages/hub-admin-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/gias');

describe.skipIf(!browserAvailable)('the national team in a browser', () => {
  let t: BrowserContext;
  let adminId: number;
  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '384', name: 'Wakefield' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    await makeSchool(t.db, { laCode: '383' });
    await makeSchool(t.db, { laCode: '384' });
    await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Sam',
      familyName: 'Participant',
    });
    adminId = (
      await makePerson(t.db, [{ role: 'national_admin' }], {
        email: `admin@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Ada',
        familyName: 'Administrator',
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('edits a hub, with errors shown and input kept, adds an area, and sees it in the event log', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(adminId);

    const hubs = new HubAdminPage(page);
    await hubs.openList(t.baseUrl);
    await expectAccessible(page);
    await hubs.openHub('west-yorkshire');
    await expectAccessible(page);
    await hubs.saveDetails({ name: '', contactEmail: 'not an email' });
    expect(await hubs.errorSummary()).toMatch(/name/i);
    expect(await page.locator('#contactEmail').inputValue()).toBe('not an email');
    await expectAccessible(page);
    await hubs.saveDetails({ name: 'West Yorkshire Maths Hub', contactEmail: 'hello@westyorkshire.example' });
    expect(await page.locator('.govuk-notification-banner').innerText()).toMatch(/saved|changed|updated/i);
    await hubs.addArea('384');
    expect(await hubs.areas()).toContain('Wakefield');
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/admin/local-authorities`);
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}/admin/people`);
    expect(await page.locator('main').innerText()).toContain('Sam Participant');
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}/admin/event-log`);
    const log = await page.locator('main').innerText();
    expect(log).toMatch(/hub/i);
    // Who did what, by name as it is now: the log itself holds only the person's id (issue 11).
    expect(log).toContain('Ada Administrator');
    expect(log).not.toContain(`admin@${DEMO_EMAIL_DOMAIN}`);
    await expectAccessible(page);
    await context.close();
  });

  it('reads the event log as sentences, filters it, shows the recorded data on demand, and fits 320px', async () => {
    const context = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(adminId);
    await page.goto(`${t.baseUrl}/admin/event-log`);
    await page.getByTestId('filter-action').selectOption('hub.area_added');
    await page.getByTestId('filter-events').click();
    const row = page.getByTestId('event-log-table').locator('tbody tr').first();
    const sentence = row.getByTestId('event-sentence');
    expect(await sentence.innerText()).toBe(
      'Ada Administrator added Wakefield to the area of West Yorkshire Maths Hub',
    );
    expect(await sentence.getByRole('link', { name: 'West Yorkshire Maths Hub' }).count()).toBe(1);
    // The recorded data is there only on demand.
    const recorded = row.getByTestId('event-recorded');
    expect(await recorded.isVisible()).toBe(false);
    await row.getByText('Show the recorded data').click();
    expect(await recorded.isVisible()).toBe(true);
    expect(await recorded.innerText()).toContain('"laCode": "384"');
    await expectAccessible(page);
    // Nothing is wider than the screen but the table, which scrolls in its own region.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it('imports a GIAS file through the upload page, and lists every problem of a bad one', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(adminId);
    await page.goto(`${t.baseUrl}/admin/register/import`);
    await expectAccessible(page);
    await page.getByTestId('kind-establishments').check();
    await page
      .getByTestId('register-file')
      .setInputFiles(path.join(fixtures, 'edubaseallstatefunded_sample_rows.csv'));
    await page.getByTestId('import-file').click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-counts').innerText()).toMatch(/35/);
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/admin/register/import`);
    await page.getByTestId('kind-establishments').check();
    await page.getByTestId('register-file').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('"URN","EstablishmentName"\r\n"12x","A school"\r\n', 'latin1'),
    });
    await page.getByTestId('import-file').click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Nothing was changed');
    expect(await page.getByTestId('import-problems').innerText()).toMatch(/LA \(code\)/);
    await expectAccessible(page);
    await page.getByTestId('import-history-link').click();
    expect(await page.locator('main').innerText()).toContain('edubaseallstatefunded_sample_rows.csv');
    await expectAccessible(page);
    await context.close();
  });
});
