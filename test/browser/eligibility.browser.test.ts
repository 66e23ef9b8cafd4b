import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { addSchool, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

const readiness = (
  JSON.parse(readFileSync(new URL('../../reference/catalogue/2023-24.json', import.meta.url), 'utf8')) as {
    ncps: { code: string; rules: Record<string, unknown> }[];
  }
).ncps.find((n) => n.code === 'NCP23-08')!;

/** A Sustaining school is refused from Mastery Readiness with the reason, then admitted by the hub lead. */
describe.skipIf(!browserAvailable)('eligibility in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let activityId: number;
  let schoolUrn: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    schoolUrn = (await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' })).urn;
    const sustaining = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-11',
      title: 'Primary Teaching for Mastery Sustaining Work Groups',
      completesTfmStage: 'sustaining',
    });
    const done = await makeActivity(t.db, { hubId: hub.id, ncpId: sustaining.id, yearCode: '2023/24' });
    await addSchool(t.db, done.id, schoolUrn, 'completed');
    const ncp = await makeNcp(t.db, {
      yearCode: '2024/25',
      code: 'NCP24-08',
      title: 'Mastery Readiness Work Groups',
      completesTfmStage: 'readiness',
      rules: readiness.rules,
    });
    activityId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: '2024/25',
        title: 'Mastery Readiness Work Group 1',
      })
    ).id;
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('refuses the school with the reason, then admits it with a justification shown on its journey', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(leadId);

    await page.goto(`${t.baseUrl}/activities/${activityId}`);
    await page.locator('#urn').fill(String(schoolUrn));
    await page.getByTestId('add-school').click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(
      'Only schools that have never been in a Teaching for Mastery Work Group may join',
    );
    expect(await page.locator('#urn').inputValue()).toBe(String(schoolUrn));
    await expectAccessible(page);

    await page.locator('#justification').fill('The new headteacher asked for Readiness support');
    await page.getByTestId('admit-anyway').click();
    await page.getByTestId(`school-${schoolUrn}`).waitFor();
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/hub/schools/${schoolUrn}`);
    await page.getByTestId('admissions').waitFor();
    expect(await page.getByTestId('admissions').textContent()).toContain(
      'The new headteacher asked for Readiness support',
    );
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectAccessible(page);
    await context.close();
  });
});
