import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeHub, makePerson } from '../support/factories.ts';
import { HubAdminPage } from './pages/hub-admin-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('two people editing the same record in browsers', () => {
  let t: BrowserContext;
  let adminIds: number[];
  beforeAll(async () => {
    t = await startBrowserTest();
    await makeHub(t.db, { slug: 'north-west', name: 'North West Maths Hub' });
    adminIds = [];
    // Two demo accounts, shown as two shortcuts on the sign-in page (one per role and title).
    for (const n of [1, 2])
      adminIds.push(
        (
          await makePerson(t.db, [{ role: 'national_admin', title: `Administrator ${n}` }], {
            email: `admin${n}@${DEMO_EMAIL_DOMAIN}`,
          })
        ).id,
      );
  });
  afterAll(() => t?.close());

  it('the second save is refused with both versions, accessibly, and can be saved again on top', async () => {
    const pages = [];
    for (const id of adminIds) {
      const page = await (await t.browser.newContext()).newPage();
      const signIn = new SignInPage(page);
      await signIn.open(t.baseUrl);
      await signIn.useDemoAccount(id);
      const hubs = new HubAdminPage(page);
      await hubs.openList(t.baseUrl);
      await hubs.openHub('north-west');
      pages.push({ page, hubs });
    }
    const [first, second] = pages as [(typeof pages)[0], (typeof pages)[0]];
    await first.hubs.saveDetails({ contactEmail: 'first@north-west.example' });
    await second.hubs.saveDetails({ contactEmail: 'second@north-west.example' });

    const banner = second.page.getByTestId('stale-edit');
    expect(await banner.innerText()).toContain('Someone else changed this hub while you were editing it');
    const row = second.page.getByTestId('stale-contactEmail');
    expect(await row.getByTestId('theirs').innerText()).toBe('first@north-west.example');
    expect(await row.getByTestId('yours').innerText()).toBe('second@north-west.example');
    expect(await second.page.locator('#contactEmail').inputValue()).toBe('second@north-west.example');
    await expectAccessible(second.page);

    await second.hubs.saveDetails({});
    expect(await second.page.locator('.govuk-notification-banner').innerText()).toMatch(/updated/i);
    expect(await second.page.getByTestId('hub-details').innerText()).toContain('second@north-west.example');
  });
});
