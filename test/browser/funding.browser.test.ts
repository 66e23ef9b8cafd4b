import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/modules/catalogue/load-catalogue.ts';
import { ncps } from '../../src/modules/catalogue/schema.ts';
import { shippedCatalogue } from '../../src/modules/catalogue/shipped-catalogues.ts';
import { loadGrantRules } from '../../src/modules/funding/load-grant-rules.ts';
import { fundingClaims } from '../../src/modules/funding/schema.ts';
import { shippedRules } from '../../src/modules/funding/shipped-rules.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { systemActor } from '../../src/platform/audit.ts';
import { addSchool, makeActivity } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** A hub sees its grant statement and submits a claim; the national team approves it. */
describe.skipIf(!browserAvailable)('funding in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let adminId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const [ncp] = await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, '2019/20'), eq(ncps.code, 'NCP 19-09')));
    const wg = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp!.id,
      yearCode: '2019/20',
      title: 'TfM Development Work Group 1',
    });
    for (let i = 0; i < 7; i++) await addSchool(t.db, wg.id, (await makeSchool(t.db, { laCode: '383' })).urn);
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    adminId = (await makePerson(t.db, [{ role: 'national_admin' }], { email: `admin@${DEMO_EMAIL_DOMAIN}` }))
      .id;
  });
  afterAll(() => t?.close());

  it('a hub sees £17,800 for its seven-school Work Group, submits a claim, and the national team approves it', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(leadId);
    await page.goto(`${t.baseUrl}/hub/funding?year=2019-20`);
    expect((await page.getByTestId('statement-total').innerText()).trim()).toBe('£17,800');
    expect(await page.getByTestId('line').count()).toBe(1);
    await expectAccessible(page);

    await page.getByTestId('claims-link').click();
    await page.getByTestId('submit-claim').click();
    await expectAccessible(page);
    // Submitting with a problem shows the error summary and keeps the input.
    await page.locator('#ncpCode').selectOption('NCP 19-06');
    await page.locator('input[name="kind"][value="day_rate"]').check();
    await page.locator('#claimantName').fill('Sam Carter');
    await page.getByTestId('submit').click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose the role');
    expect(await page.locator('#claimantName').inputValue()).toBe('Sam Carter');
    await expectAccessible(page);
    await page.locator('#role').selectOption('cohort_lead');
    await page.locator('#days').fill('2');
    await page.locator('#description').fill('Cohort Lead days for the spring workshop');
    await page.getByTestId('submit').click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('for £700 is submitted');
    await expectAccessible(page);
    const [claim] = await t.db.select().from(fundingClaims);
    expect(claim).toMatchObject({ status: 'submitted', amountPence: 70_000 });
    await context.close();

    const national = await t.browser.newContext();
    const admin = await national.newPage();
    await new SignInPage(admin).open(t.baseUrl);
    await new SignInPage(admin).useDemoAccount(adminId);
    await admin.goto(`${t.baseUrl}/funding?year=2019-20`);
    expect((await admin.getByTestId('national-total').innerText()).trim()).toBe('£17,800');
    await expectAccessible(admin);
    await admin.getByTestId('claims-link').click();
    await admin.getByRole('link', { name: `Claim ${claim!.id}` }).click();
    await expectAccessible(admin);
    await admin.locator('input[name="action"][value="approve"]').check();
    await admin.getByTestId('decide').click();
    expect(await admin.getByTestId('claim-details').innerText()).toContain('Approved');
    expect(await admin.getByTestId('claim-history').innerText()).toContain('approved');
    await expectAccessible(admin);
    await admin.goto(`${t.baseUrl}/funding?year=2019-20`);
    expect((await admin.getByTestId('national-total').innerText()).trim()).toBe('£18,500');
    await national.close();
  });

  it('the national team edits grant rules (error summary, input kept) and closes a statement', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(adminId);
    await page.goto(`${t.baseUrl}/funding/rules/2019-20`);
    expect(await page.locator('main').innerText()).toContain('£17,800 for 7 schools');
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}/funding/rules/2019-20/${encodeURIComponent('NCP 19-10')}/edit`);
    await expectAccessible(page);
    await page
      .locator('#rules')
      .fill('[{"kind":"unit_grant","label":"Unit grant","amountPence":-1,"source":"maths_hub"}]');
    await page.getByTestId('save').click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Amounts cannot be negative');
    expect(await page.locator('#rules').inputValue()).toContain('"amountPence":-1');
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/hub/funding?hub=west-yorkshire&year=2019-20`);
    await page.getByTestId('close-statement').click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Statement 1 is closed');
    expect(await page.getByTestId('statement-1').innerText()).toContain('Closed');
    await expectAccessible(page);
    await context.close();
  });
});
