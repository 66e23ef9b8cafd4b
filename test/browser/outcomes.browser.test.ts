import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySchools, enrolments, hubActivities } from '../../src/modules/activities/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** The end of a Work Group: its lead records outcomes (an error first, then fixed); the hub closes it. */
describe.skipIf(!browserAvailable)('outcomes and the year-end close in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let llmeId: number;
  let activityId: number;
  let urn: number;
  let enrolmentId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    urn = (await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' })).urn;
    const year = academicYearOf(todayInEngland());
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Development Work Groups',
      completesTfmStage: 'development',
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
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Developing Mastery WG 1',
    });
    activityId = activity.id;
    await addLead(t.db, activityId, llmeId);
    await addSchool(t.db, activityId, urn);
    const teacher = await makePerson(t.db, [], { givenName: 'Sam', familyName: 'Teacher' });
    enrolmentId = (await enrol(t.db, { activityId, personId: teacher.id, schoolUrn: urn })).id;
    const session = await makeSession(t.db, {
      activityId,
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await mark(t.db, session.id, enrolmentId, 'present');
  });
  afterAll(() => t?.close());

  it('the lead records outcomes, fixing an error; the hub closes the activity', async () => {
    // At 320px: the rows are stacked fieldsets, not a table.
    const llme = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await llme.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(llmeId);
    await page.goto(`${t.baseUrl}/activities/${activityId}`);
    await page.getByTestId('record-outcomes').click();
    await page.getByTestId('outcomes-form').waitFor();
    await expectAccessible(page);

    await page.locator(`#school-${urn}`).check();
    await page.locator(`input[name="participant-${enrolmentId}"][value="withdrawn"]`).check();
    await page.getByTestId('save-outcomes').click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Select why Sam Teacher withdrew',
    );
    // The input is kept.
    expect(await page.locator(`#school-${urn}`).isChecked()).toBe(true);
    await expectAccessible(page);

    await page.locator(`input[name="participant-${enrolmentId}"][value="completed"]`).check();
    await page.getByTestId('save-outcomes').click();
    await page.getByTestId('activity-title').waitFor();
    const [school] = await t.db.select().from(activitySchools).where(eq(activitySchools.schoolUrn, urn));
    expect(school!.status).toBe('completed');
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
    expect(enrolment!.status).toBe('completed');
    await llme.close();

    const hub = await t.browser.newContext();
    const lead = await hub.newPage();
    await new SignInPage(lead).open(t.baseUrl);
    await new SignInPage(lead).useDemoAccount(leadId);
    await lead.goto(`${t.baseUrl}/activities/${activityId}`);
    await lead.getByTestId('close-link').click();
    await lead.getByTestId('close-activity').waitFor();
    await expectAccessible(lead);
    await lead.getByTestId('close-activity').click();
    await lead.getByTestId('activity-status').waitFor();
    expect(await lead.getByTestId('activity-status').textContent()).toBe('Completed');
    const [activity] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activityId));
    expect(activity!.status).toBe('completed');
    await expectAccessible(lead);
    await hub.close();
  });
});
