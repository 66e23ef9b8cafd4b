import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('the school picker in a browser', () => {
  let t: BrowserContext;
  let teacherId: number;
  let leaderId: number;
  let activityId: number;
  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { name: 'Leeds Maths Hub' }, [{ laCode: '383' }]);
    await makeSchool(t.db, {
      urn: 111001,
      laCode: '383',
      name: 'Hawthorn Primary School',
      postcode: 'LS10 1AA',
    });
    await makeSchool(t.db, { urn: 111002, laCode: '383', name: 'Rowan Tree Academy', postcode: 'LS11 2BB' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    await makeHub(t.db, { name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, { urn: 111003, laCode: '380', name: 'Aire View Primary School' });
    activityId = (await makeActivity(t.db, { hubId: hub.id, ncpId: (await makeNcp(t.db)).id })).id;
    leaderId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    teacherId = (
      await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
        email: `teacher@${DEMO_EMAIL_DOMAIN}`,
        schoolUrn: 111001,
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('a teacher finds their new school by name without JavaScript and saves it', {
    timeout: 120_000,
  }, async () => {
    const context = await t.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(teacherId);
    await page.goto(`${t.baseUrl}/account`);
    expect(await page.getByTestId('account-details').innerText()).toContain('Hawthorn Primary School');
    await page.getByTestId('change-your-school').click();
    await page.getByTestId('schoolUrn-find-query').fill('rowan tree');
    await page.getByTestId('schoolUrn-find').click();
    await page.waitForURL(/\/schools\/search\?/);
    expect(await page.getByTestId('school-search-count').innerText()).toBe('1 school matches');
    await page.getByTestId('choose-111002').click();
    await page.waitForURL(/\/account\/school\?schoolUrn=111002/);
    expect(await page.getByTestId('chosen-school').innerText()).toContain('Rowan Tree Academy');
    expect(await page.getByTestId('schoolUrn-urn').inputValue()).toBe('111002');
    await page.getByTestId('save-own-school').click();
    await page.waitForURL(/\/account$/);
    expect(await page.getByTestId('account-details').innerText()).toContain(
      'Rowan Tree Academy (URN 111002)',
    );
    await context.close();
  });

  it('the picker’s pages pass axe (axe needs JavaScript to run)', { timeout: 120_000 }, async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(teacherId);
    for (const path of [
      '/account/school',
      '/schools/search?q=primary&field=schoolUrn&returnTo=%2Faccount%2Fschool',
      '/account/school?schoolUrn=111001',
      '/account/year-groups',
    ]) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectAccessible(page);
    }
    await context.close();
  });

  it('a new teacher finds their school by postcode on a phone without JavaScript; the form passes axe at 320px', {
    timeout: 120_000,
  }, async () => {
    const noScript = await t.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 800 },
    });
    const page = await noScript.newPage();
    await page.goto(`${t.baseUrl}/create-account`);
    await page.getByTestId('schoolUrn-find-query').fill('LS11 2BB');
    await page.getByTestId('schoolUrn-find').click();
    await page.waitForURL(/\/schools\/search\?/);
    await page.getByTestId('choose-111002').click();
    await page.waitForURL(/\/create-account\?schoolUrn=111002/);
    expect(await page.getByTestId('chosen-school').innerText()).toContain('Rowan Tree Academy');
    await page.locator('#givenName').fill('Nia');
    await page.locator('#familyName').fill('Evans');
    await page.locator('#email').fill('not an email');
    await page.locator('#roleInSchool').fill('Class teacher');
    await page.getByTestId('create-account-submit').click();
    await page.waitForURL(/\/create-account\?schoolUrn=111002/);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('email address');
    expect(await page.locator('#givenName').inputValue()).toBe('Nia');
    expect(await page.getByTestId('schoolUrn-urn').inputValue()).toBe('111002');
    expect(await page.getByTestId('chosen-school').innerText()).toContain('Rowan Tree Academy');
    await noScript.close();

    // axe needs JavaScript: the same form, with the school chosen and after the error, at 320px.
    const context = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const axePage = await context.newPage();
    await axePage.goto(`${t.baseUrl}/create-account?schoolUrn=111002`);
    await expectAccessible(axePage);
    await axePage.locator('#email').fill('still not an email');
    await axePage.getByTestId('create-account-submit').click();
    await axePage.locator('.govuk-error-summary').waitFor();
    await expectAccessible(axePage);
    await context.close();
  });

  it('asks for the reason for a school outside the hub’s area on the activity page; it passes axe at 320px', {
    timeout: 120_000,
  }, async () => {
    const context = await t.browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(leaderId);
    await page.goto(`${t.baseUrl}/activities/${activityId}?urn=111003`);
    await page.getByTestId('outside-area-warning').waitFor();
    await page.getByTestId('out-of-area-reason').waitFor();
    await expectAccessible(page);
    await page.getByTestId('add-school').click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Aire View Primary School is outside the hub’s area: give the reason for adding it',
    );
    expect(await page.getByTestId('urn-urn').inputValue()).toBe('111003');
    await expectAccessible(page);
    await page.getByTestId('out-of-area-reason').fill('It joins with its partner school');
    await page.getByTestId('add-school').click();
    await page.getByTestId('out-of-area-reason-111003').waitFor();
    expect(await page.getByTestId('out-of-area-reason-111003').innerText()).toContain(
      'It joins with its partner school',
    );
    await context.close();
  });
});
