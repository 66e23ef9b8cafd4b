import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationReportActions, evaluationReports } from '../../src/modules/evaluation/report-schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makePerson } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** No sideways scrolling at the page's width. */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
}

/**
 * Evaluation reports (issue 15): hub leadership write a report with two themes (the second added without
 * JavaScript's help, by the "Add another theme" button) and publish it; the national analyst searches
 * the themes and finds it; the LLME who owns an implication closes its action. Axe on each page, at
 * 1280 and 320 pixels wide.
 */
describe.skipIf(!browserAvailable)('evaluation reports in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let llmeId: number;
  let analystId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    const hub = await makeHub(t.db, { slug: 'thames-estuary', name: 'Thames Estuary Maths Hub' });
    await makeNcp(t.db, { yearCode: '2023/24', code: 'NCP23-14', title: 'SKTM Primary ECTs' });
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    llmeId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Cohort Lead' }], {
        email: `cohort-lead@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Cora',
        familyName: 'Cohortlead',
      })
    ).id;
    analystId = (
      await makePerson(t.db, [{ role: 'national_analyst' }], { email: `analyst@${DEMO_EMAIL_DOMAIN}` })
    ).id;
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number, width: number) {
    const context = await t.browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return { context, page };
  }

  it('hub leadership write and publish a report; the analyst finds its theme; its owner closes an action', async () => {
    // The form fits a narrow screen too.
    const narrow = await signedIn(leadId, 320);
    await narrow.page.goto(`${t.baseUrl}/evaluation/reports/new`);
    await narrow.page.getByTestId('report-form').waitFor();
    await expectAccessible(narrow.page);
    await expectNoSidewaysScroll(narrow.page);
    await narrow.context.close();

    // Hub leadership, on a wide screen.
    const { context: leadContext, page } = await signedIn(leadId, 1280);
    await page.goto(`${t.baseUrl}/evaluation`);
    await page.getByTestId('evaluation-reports').click();
    await page.getByTestId('start-report').click();
    await page.getByTestId('report-form').waitFor();
    await expectAccessible(page);

    await page.locator('#title').fill('SKTM ECT Work Groups: evaluation in residence');
    await page.locator('#yearCode').selectOption('2023/24');
    await page.locator('#ncpKey').selectOption('14');
    await page
      .locator('#question-0')
      .fill('Do ECTs have a clear picture of progression from Phase 1 to Phase 2?');
    await page.locator('#context').fill('The hub runs one SKTM ECT Work Group per local authority.');
    await page.locator('#activityAndData').fill('Sessions visited; feedback gathered from every ECT.');
    await page
      .locator('#theme-0-finding')
      .fill('Fewer than 25% of participants moved from Phase 1 to Phase 2.');
    await page
      .locator('#theme-0-implication-0')
      .fill('When recruiting, register participants for both years.');
    await page.locator('#theme-0-implication-0-owner').selectOption(String(leadId));
    await page.locator('#theme-0-implication-0-due-day').fill('14');
    await page.locator('#theme-0-implication-0-due-month').fill('3');
    await page.locator('#theme-0-implication-0-due-year').fill('2025');
    // A second theme: the form comes back with one more, everything typed kept.
    await page.getByTestId('add-theme').click();
    await page.locator('#theme-1-finding').waitFor();
    expect(await page.locator('#theme-0-finding').inputValue()).toContain('Fewer than 25%');
    await page
      .locator('#theme-1-finding')
      .fill('Participants felt their mentors were not aware of what they were doing.');
    await page.locator('#theme-1-implication-0').fill('Collect mentor details on registration forms.');
    await page.locator('#theme-1-implication-0-owner').selectOption(String(llmeId));
    await page.locator('#theme-1-implication-0-due-day').fill('28');
    await page.locator('#theme-1-implication-0-due-month').fill('3');
    await page.locator('#theme-1-implication-0-due-year').fill('2025');
    await page.locator('#evidence-0-kind').selectOption('other');
    await page.locator('#evidence-0-label').fill('The Early Career Framework');
    await page
      .locator('#evidence-0-address')
      .fill('https://www.gov.uk/government/publications/early-career-framework');
    await page.locator('#conclusion').fill('Make the commitment and CPD pathway clear at session 1.');
    await page.getByTestId('save-report').click();
    await page.getByTestId('report-state').waitFor();
    await expectAccessible(page);
    await page.getByTestId('publish-report').click();
    await page.getByTestId('confirm-publish').waitFor();
    await expectAccessible(page);
    await page.getByTestId('confirm-publish').click();
    await page.getByTestId('report-state').waitFor();
    expect(await page.getByTestId('report-state').textContent()).toContain('Published');
    await expectAccessible(page);
    await leadContext.close();
    const [report] = await t.db.select().from(evaluationReports);
    expect(report!.status).toBe('published');

    // The national analyst, on a narrow screen, searches the themes.
    const { context: analystContext, page: analyst } = await signedIn(analystId, 320);
    await analyst.goto(`${t.baseUrl}/evaluation/reports/search`);
    await analyst.locator('#q').fill('mentors');
    await analyst.getByTestId('search-themes').click();
    await analyst.getByTestId('match-count').waitFor();
    expect(await analyst.getByTestId('match-count').textContent()).toContain('1 theme found');
    expect(await analyst.getByTestId('theme-match').textContent()).toContain(
      'Participants felt their mentors were not aware',
    );
    await expectAccessible(analyst);
    await expectNoSidewaysScroll(analyst);
    await analyst.getByTestId('theme-match').getByRole('link').click();
    await analyst.getByTestId('report-state').waitFor();
    await expectAccessible(analyst);
    await expectNoSidewaysScroll(analyst);
    await analystContext.close();

    // The LLME who owns the second implication closes its action, on a narrow screen.
    const { context: llmeContext, page: llme } = await signedIn(llmeId, 320);
    await llme.goto(`${t.baseUrl}/evaluation/actions`);
    await llme.getByTestId('open-actions').waitFor();
    await expectAccessible(llme);
    await expectNoSidewaysScroll(llme);
    await llme.getByRole('link', { name: 'Collect mentor details on registration forms.' }).click();
    await llme.getByTestId('follow-up-form').waitFor();
    await expectAccessible(llme);
    await llme.locator('input[name="status"][value="done"]').check();
    await llme.getByTestId('save-action').click();
    await llme.locator('.govuk-error-summary').waitFor();
    expect(await llme.locator('.govuk-error-summary').textContent()).toContain('Say what was done');
    await expectAccessible(llme);
    await llme.locator('#closingNote').fill('Mentor name and email are now asked for on registration.');
    await llme.getByTestId('save-action').click();
    await llme.getByTestId('action-summary').waitFor();
    expect(await llme.getByTestId('action-summary').textContent()).toContain('Done');
    await expectAccessible(llme);
    await expectNoSidewaysScroll(llme);
    await llmeContext.close();
    const [action] = await t.db
      .select()
      .from(evaluationReportActions)
      .where(eq(evaluationReportActions.ownerPersonId, llmeId));
    expect(action).toMatchObject({ status: 'done' });
  });
});
