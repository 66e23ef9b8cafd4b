import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import {
  makeReportScenario,
  type ReportScenario,
} from '../../src/modules/reporting/report-scenario.int-support.ts';
import { makePerson } from '../support/factories.ts';
import { AnnualReportPage, HubDashboardPage } from './pages/report-pages.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('the annual report and a hub dashboard in a browser', () => {
  let t: BrowserContext;
  let sc: ReportScenario;
  let analystId: number;
  let leaderId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    sc = await makeReportScenario(t.db);
    analystId = (
      await makePerson(t.db, [{ role: 'national_analyst' }], { email: `analyst@${DEMO_EMAIL_DOMAIN}` })
    ).id;
    leaderId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: sc.north.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
  });
  afterAll(() => t?.close());

  async function signedInAs(personId: number) {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(personId);
    return { context, page };
  }

  it('reads the national report with its charts, each an image with a title and a table beside it, accessibly', async () => {
    const { context, page } = await signedInAs(analystId);
    const report = new AnnualReportPage(page);
    await report.open(t.baseUrl, '2023-24');
    await expectAccessible(page);
    // One meaning of taking part (issue 14): schools whose completion is recorded without registers are engaged.
    expect(await report.figureValue('schools_engaged')).toBe('6 (75%)');
    expect(await report.figureValue('primary_tfm')).toBe('2');
    expect(await report.charts().count()).toBe(5);
    const chart = report.chartImage(1);
    expect(await chart.getAttribute('aria-labelledby')).toBe('chart-2-title chart-2-desc');
    expect(await page.locator('#chart-2-desc').textContent()).toContain('Mastery Readiness 2 schools');
    await report.chooseYear('2022/23');
    await page.waitForURL(/year=2022-23/);
    expect(await report.figureValue('schools_engaged')).toBe('4 (44.4%)');
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-xlsx').click();
    expect((await download).suggestedFilename()).toBe('maths-hubs-annual-report-2022-23.xlsx');
    await context.close();
  });

  it('shows hub leadership their dashboard beside England, and a cold spot’s whole history, accessibly', async () => {
    const { context, page } = await signedInAs(leaderId);
    const dashboard = new HubDashboardPage(page);
    await dashboard.open(t.baseUrl, '?year=2023-24');
    await expectAccessible(page);
    expect(await dashboard.hubValue('schools_engaged')).toBe('5 (71.4%)');
    expect(await dashboard.nationalValue('schools_engaged')).toBe('6 (75%)');
    expect(await dashboard.coldSpots().count()).toBe(2);
    expect(await dashboard.coldSpots().first().innerText()).toContain('High FSM');
    await dashboard.coldSpots().first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/hub/schools/${sc.schools.p2.urn}`));
    expect(await page.getByTestId('page-heading').innerText()).toContain('Beech Primary School');
    await expectAccessible(page);
    await context.close();
  });
});
