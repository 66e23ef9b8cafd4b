import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolVisitActions, schoolVisits } from '../../src/modules/evaluation/visit-schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { paths } from '../../src/platform/paths.ts';
import { addLead, addSchool, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { dayFromToday } from '../support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { VisitsPage } from './pages/visits-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** Records of visits (issue 15): a Work Group lead records a visit with an agreed action and reads the coverage. */
describe.skipIf(!browserAvailable)('records of visits in a browser', () => {
  let t: BrowserContext;
  let llmeId: number;
  let activityId: number;
  let urn: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const year = academicYearOf(todayInEngland());
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Development Work Groups',
    });
    llmeId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    activityId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: year,
        title: 'Developing Mastery WG 1',
      })
    ).id;
    await addLead(t.db, activityId, llmeId);
    urn = (await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' })).urn;
    await addSchool(t.db, activityId, urn);
    await addSchool(
      t.db,
      activityId,
      (await makeSchool(t.db, { laCode: '383', name: 'Moorfield Primary School' })).urn,
    );
  });
  afterAll(() => t?.close());

  it('the lead records a visit with an agreed action (an error first), ticks it done and sees the coverage', async () => {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(llmeId);
    await page.goto(`${t.baseUrl}${paths.activity.show(activityId)}`);
    await page.getByTestId('activity-visits').click();
    await page.getByTestId('no-visits').waitFor();
    await expectAccessible(page);
    await page.getByTestId('record-visit').click();
    await page.getByTestId('visit-form').waitFor();
    await expectAccessible(page);

    const visits = new VisitsPage(page);
    await visits.fillVisit({
      date: dayFromToday(1),
      schoolUrn: urn,
      yearGroups: ['Year 3', 'Year 4'],
      focus: 'Fluency in multiplication facts',
      classes: '3B and 4M',
    });
    await visits.fillAction(1, {
      what: 'Share the fluency plan with staff',
      someoneElse: 'Subject leader',
      due: dayFromToday(30),
    });
    await visits.save();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'The date of the visit must be today or in the past',
    );
    // The input is kept.
    expect(await page.locator('#focus').inputValue()).toBe('Fluency in multiplication facts');
    expect(await page.locator('#action1OwnerText').inputValue()).toBe('Subject leader');
    expect(await page.locator('input[name="yearGroups"][value="Year 4"]').isChecked()).toBe(true);
    await expectAccessible(page);

    await visits.fillDate('visitedOn', todayInEngland());
    await visits.save();
    await page.getByTestId('visit-details').waitFor();
    await expectAccessible(page);
    const [visit] = await t.db.select().from(schoolVisits).where(eq(schoolVisits.activityId, activityId));
    expect(visit!.yearGroups).toEqual(['Year 3', 'Year 4']);
    const [action] = await t.db
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.visitId, visit!.id));
    expect(action).toMatchObject({ description: 'Share the fluency plan with staff', status: 'open' });
    await page.getByTestId(`toggle-action-${action!.id}`).click();
    await page.getByTestId('visit-details').waitFor();
    expect(await page.getByTestId(`action-${action!.id}`).textContent()).toContain('Done');

    // At 320px: the coverage grid scrolls in its own region, never the page.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${t.baseUrl}${paths.evaluation.visits.coverage(activityId)}`);
    await page.getByTestId('coverage').waitFor();
    await expectAccessible(page);
    expect(await visits.scrollsSideways()).toBe(false);
    const row = page.getByTestId(`coverage-${urn}`);
    expect(await row.getByTestId('cell-Year-3').textContent()).toBe('1');
    expect(await row.getByTestId('cell-Year-5').textContent()).toBe('0');
    expect(await page.getByTestId('not-seen').textContent()).toContain('Moorfield Primary School: Reception');
    await page.goto(`${t.baseUrl}${paths.evaluation.visits.list(activityId)}`);
    await page.getByTestId('visits').waitFor();
    await expectAccessible(page);
    expect(await visits.scrollsSideways()).toBe(false);
    await context.close();
  });
});
