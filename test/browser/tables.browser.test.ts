import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { addLead, addSchool, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { type BrowserContext, browserAvailable, startBrowserTest } from './support/browser.ts';

/**
 * The hub's activities table with real-length values: at 1280px it shows every column without
 * scrolling (issue 14: it clipped its last column); at 320px it scrolls in its own region, not the page.
 */
describe.skipIf(!browserAvailable)('the activities table', () => {
  let t: BrowserContext;
  let leadId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary Teaching for Mastery Development Work Groups',
    });
    const school = await makeSchool(t.db, { laCode: '383' });
    for (const title of [
      'Primary Teaching for Mastery Development Work Group, Leeds North and Harrogate',
      'Secondary Teaching for Mastery Embedding and Sustaining Work Group, Wakefield',
    ]) {
      const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24', title });
      for (const name of ['Alexandra Montgomery-Smith', 'Christopher Williamson-Hughes']) {
        const [given, family] = name.split(' ');
        await addLead(
          t.db,
          activity.id,
          (await makePerson(t.db, [], { givenName: given, familyName: family })).id,
        );
      }
      await addSchool(t.db, activity.id, school.urn);
    }
  });
  afterAll(() => t?.close());

  it('fits a desktop, and scrolls in its own region on a phone', async () => {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(leadId);
    await page.goto(`${t.baseUrl}/hub/activities?year=2023-24`);
    const overflow = () =>
      page.evaluate(() => {
        const region = document.querySelector('[data-testid="activities"]')!.closest('.app-table-scroll')!;
        const root = document.documentElement;
        return { table: region.scrollWidth - region.clientWidth, page: root.scrollWidth - root.clientWidth };
      });
    expect(await overflow()).toEqual({ table: 0, page: 0 });
    await page.setViewportSize({ width: 320, height: 800 });
    const narrow = await overflow();
    expect(narrow.page).toBe(0);
    expect(narrow.table).toBeGreaterThan(0);
    await context.close();
  });
});
