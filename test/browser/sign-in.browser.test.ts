import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { latestCodeFor } from '../support/auth-helpers.ts';
import { makeHub, makeLocalAuthority, makePerson } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('signing in, in a browser', () => {
  let t: BrowserContext;
  let email: string;
  let demoPersonId: number;
  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { name: 'West Yorkshire Maths Hub' }, [{ laCode: '383' }]);
    email = `work.group.lead@example.org`;
    await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
      email,
      givenName: 'Robin',
      familyName: 'Example',
    });
    demoPersonId = (
      await makePerson(t.db, [{ role: 'national_analyst' }], { email: `analyst@${DEMO_EMAIL_DOMAIN}` })
    ).id;
  });
  afterAll(() => t?.close());

  it('signs in with an emailed code, shows the dashboard and account, and signs out', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await page.goto(`${t.baseUrl}/account`);
    expect(page.url()).toContain('/sign-in?returnTo=%2Faccount');
    await expectAccessible(page);
    await signIn.requestCode(email);
    await expectAccessible(page);
    await signIn.enterCode('000000');
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/code/i);
    await expectAccessible(page);
    await signIn.enterCode(await latestCodeFor(t.db, email));
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.getByTestId('account-roles').innerText()).toContain('Work Group Lead');
    await expectAccessible(page);
    await page.getByTestId('api-tokens-link').click();
    await page.getByTestId('api-token-name').fill('My spreadsheet');
    await page.getByTestId('create-api-token').click();
    const token = await page.getByTestId('new-api-token').innerText();
    expect(token).toMatch(/^mhp_/);
    await expectAccessible(page);
    const me = await fetch(`${t.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    expect((await me.json()).person.email).toBe(email);
    await page.goto(`${t.baseUrl}/dashboard`);
    expect(await page.getByTestId('your-roles').innerText()).toContain('West Yorkshire Maths Hub');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expectAccessible(page);
    await page.getByTestId('sign-out').click();
    await page.goto(`${t.baseUrl}/dashboard`);
    expect(page.url()).toContain('/sign-in');
    await context.close();
  });

  it('offers demo accounts in development and test, and works without JavaScript', async () => {
    const context = await t.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    expect(await page.getByTestId('demo-accounts').innerText()).toContain('National analyst');
    await signIn.useDemoAccount(demoPersonId);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await page.getByTestId('your-roles').innerText()).toContain('National analyst');
    await context.close();
  });
});
