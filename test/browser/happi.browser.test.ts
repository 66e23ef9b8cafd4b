import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { happiForms } from '../../src/modules/evaluation/happi-schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { addLead, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makePerson } from '../support/factories.ts';
import { HappiPage } from './pages/happi-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** A HAPPI plan in a browser (at 320px): the lead writes and submits it; hub leadership review it. */
describe.skipIf(!browserAvailable)('HAPPI forms in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let llmeId: number;
  let activityId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' });
    const ncp = await makeNcp(t.db, {
      yearCode: academicYearOf(todayInEngland()),
      title: 'Primary Teaching for Mastery Development Work Groups',
      sections: {
        outcomes: {
          pupilOutcomes: '· Pupils’ engagement, confidence and progress improves',
          professionalLearning: '· Deepen participants’ subject knowledge of mathematics',
        },
      },
    });
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    llmeId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    activityId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: academicYearOf(todayInEngland()),
        title: 'Developing Mastery WG 1',
      })
    ).id;
    await addLead(t.db, activityId, llmeId);
  });
  afterAll(() => t?.close());

  it('the lead writes and submits the plan; hub leadership return it, then accept it', async () => {
    const lead = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await lead.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(llmeId);
    const happi = new HappiPage(page);
    await happi.open(t.baseUrl, activityId);
    expect(await happi.state()).toBe('Not started');
    await expectAccessible(page);
    expect(await happi.sidewaysScroll()).toBe(0);

    // An error first (Other without saying what), input kept; then saved.
    await happi.writePlan('Teachers plan lessons in small coherent steps', ['visits', 'other']);
    expect(await page.inputValue('#outcome-o1')).toBe('Pupils’ engagement, confidence and progress improves');
    await expectAccessible(page);
    expect(await happi.sidewaysScroll()).toBe(0);
    await happi.savePlan();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Describe the other data collection methods',
    );
    expect(await page.getByTestId('new-practice-1').inputValue()).toBe(
      'Teachers plan lessons in small coherent steps',
    );
    await expectAccessible(page);
    await page.locator('#methodsNotes').fill('Short interviews with two teachers');
    await happi.savePlan();
    await page.getByTestId('happi-summary').waitFor();
    expect(await page.getByTestId('outcomes-practice').textContent()).toContain('small coherent steps');
    await page.getByTestId('progress-text').fill('First session held: bar models');
    await page.getByTestId('add-progress').click();
    await page.getByTestId('progress-list').waitFor();
    await happi.submit();
    expect(await happi.state()).toBe('Plan submitted for review');
    await expectAccessible(page);
    expect(await happi.sidewaysScroll()).toBe(0);

    // Hub leadership, also at 320px: returned with comments.
    const hub = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const reviewer = await hub.newPage();
    await new SignInPage(reviewer).open(t.baseUrl);
    await new SignInPage(reviewer).useDemoAccount(leadId);
    const review = new HappiPage(reviewer);
    await reviewer.goto(`${t.baseUrl}/evaluation/happi`);
    await reviewer.getByTestId(`happi-row-${activityId}`).waitFor();
    await expectAccessible(reviewer);
    expect(await review.sidewaysScroll()).toBe(0);
    await review.open(t.baseUrl, activityId);
    await expectAccessible(reviewer);
    await review.review('return', 'Add how you will hear from pupils');
    expect(await review.state()).toBe('Plan returned with comments');

    // The lead sees the comments and resubmits; the hub accepts.
    await happi.open(t.baseUrl, activityId);
    expect(await page.getByTestId('return-comments').textContent()).toBe('Add how you will hear from pupils');
    await expectAccessible(page);
    await happi.writePlan('Pupils talk about their reasoning in pupil voice interviews', ['interviews']);
    await happi.savePlan();
    await happi.submit();
    await review.open(t.baseUrl, activityId);
    await review.review('accept');
    expect(await review.state()).toBe('Impact draft');
    await expectAccessible(reviewer);
    const [form] = await t.db.select().from(happiForms).where(eq(happiForms.activityId, activityId));
    expect([form!.section, form!.status]).toEqual(['impact', 'draft']);
    await hub.close();
    await lead.close();
  });
});
