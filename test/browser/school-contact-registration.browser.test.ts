import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAcademicYear } from '../../src/modules/hubs/year-options.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeActivity, makeNcp, makeSession } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** Issue 13: a school's maths lead registers a teacher of their school from the hub's offer page. */
describe.skipIf(!browserAvailable)('a school contact registers a teacher in a browser', () => {
  let t: BrowserContext;
  let contactId: number;
  let activityId: number;
  let hubSlug: string;
  let leadId: number;
  let secondaryActivityId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    hubSlug = hub.slug;
    await makeSchool(t.db, { urn: 112001, laCode: '383', name: 'Hawthorn Primary School' });
    const yearCode = currentAcademicYear();
    const ncp = await makeNcp(t.db, {
      yearCode,
      title: 'Primary Teaching for Mastery Development Work Groups',
    });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode,
      status: 'planned',
      title: 'Development Work Group Leeds',
    });
    activityId = activity.id;
    await t.db.execute(
      `update hub_activities set open_for_direct_registration = true where id = ${activityId}`,
    );
    await makeSession(t.db, { activityId, startsAt: new Date().toISOString(), title: 'Workshop 1' });
    contactId = (
      await makePerson(
        t.db,
        [{ role: 'school_contact', schoolUrn: 112001, hubId: hub.id, title: 'Maths lead' }],
        { email: `maths.lead@${DEMO_EMAIL_DOMAIN}`, schoolUrn: 112001 },
      )
    ).id;
    const secondary = await makeNcp(t.db, { yearCode, title: 'Secondary Work Group', phases: ['secondary'] });
    secondaryActivityId = (
      await makeActivity(t.db, { hubId: hub.id, ncpId: secondary.id, yearCode, title: 'KS3 Work Group' })
    ).id;
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `hub.lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('from the offer page: the teacher’s form, an error summary with the input kept, then registered', {
    timeout: 120_000,
  }, async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(contactId);

    await page.goto(`${t.baseUrl}/hubs/${hubSlug}/offer`);
    await page.getByTestId(`register-teacher-${activityId}`).waitFor();
    await expectAccessible(page);
    await page.getByTestId(`register-teacher-${activityId}`).click();
    await page.waitForURL(/\/register\?who=teacher/);
    expect(
      await page.getByTestId('school-picker-schoolUrn').getByTestId('chosen-school').innerText(),
    ).toContain('Hawthorn Primary School');
    expect(await page.getByLabel('A teacher of my school').isChecked()).toBe(true);
    await expectAccessible(page);

    // No email: refused with an error summary, the input kept.
    await page.getByTestId('participant-given-name').fill('Priya');
    await page.getByTestId('participant-family-name').fill('Shah');
    await page.getByTestId('participant-role').fill('Class teacher');
    await page.getByTestId('register-participant').click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter the teacher’s email address');
    expect(await page.getByTestId('participant-given-name').inputValue()).toBe('Priya');
    expect(await page.getByLabel('A teacher of my school').isChecked()).toBe(true);
    await expectAccessible(page);

    await page.getByTestId('participant-email').fill('priya.shah@example.org');
    await page.getByLabel('Year 4').check();
    await page.getByTestId('register-participant').click();
    const banner = page.locator('.govuk-notification-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('priya.shah@example.org');
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectAccessible(page);

    // Their school's page links to registering a teacher for the activity it now takes part in.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${t.baseUrl}/my/school`);
    await page.getByTestId(`register-teacher-${activityId}`).waitFor();
    await expectAccessible(page);
    await context.close();
  });

  it('hub leadership are refused a school that does not qualify, then admit it anyway from the sign-up page', {
    timeout: 120_000,
  }, async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(leadId);
    await page.goto(`${t.baseUrl}/activities/${secondaryActivityId}/register`);
    await page.getByTestId('participant-email').fill('ria.cole@example.org');
    await page.getByTestId('participant-given-name').fill('Ria');
    await page.getByTestId('participant-family-name').fill('Cole');
    await page.locator('#schoolUrn').fill('112001');
    await page.getByTestId('participant-role').fill('Maths lead');
    await page.getByTestId('register-participant').click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      'Hawthorn Primary School does not meet this project’s rules',
    );
    await expectAccessible(page);
    await page.locator('#justification').fill('A Year 6 class taught KS3 content');
    await page.getByTestId('admit-anyway').click();
    const banner = page.locator('.govuk-notification-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('ria.cole@example.org');
    await expectAccessible(page);
    await context.close();
  });
});
