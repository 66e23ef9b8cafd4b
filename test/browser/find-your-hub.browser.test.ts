import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makeSchool } from '../support/factories.ts';
import { FindYourHubPage } from './pages/find-your-hub-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('find your hub in a browser', () => {
  let t: BrowserContext;
  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    await makeHub(
      t.db,
      { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub', leadSchoolName: 'Trinity Lead Academy' },
      [{ laCode: '380' }],
    );
    for (let i = 0; i < 25; i++) {
      await makeSchool(t.db, {
        urn: 107100 + i,
        laCode: '380',
        name: `Beckside ${i} Primary School`,
        postcode: `BD${(i % 9) + 1} 2AA`,
      });
    }
  });
  afterAll(() => t?.close());

  it('finds a school and its hub, page by page, accessibly', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Find your Maths Hub' }).first().click();
    const find = new FindYourHubPage(page);
    await expectAccessible(page);
    await find.search('Beckside');
    expect(await find.resultCount()).toBe('25 schools match');
    expect(await find.resultRows().count()).toBe(20);
    // One hub serves every school found: it is said first.
    expect(await page.getByTestId('only-hub').innerText()).toContain('West Yorkshire Maths Hub');
    await expectAccessible(page);
    await find.search('');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter a school name, URN, postcode or local authority',
    );
    await expectAccessible(page);
    await find.search('Beckside');
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    expect(await find.resultRows().count()).toBe(5);
    await find.openSchool('Beckside 7 Primary School');
    await expect.poll(() => page.getByTestId('school-name').innerText()).toBe('Beckside 7 Primary School');
    expect(await page.getByTestId('school-hub').innerText()).toContain('Trinity Lead Academy');
    await expectAccessible(page);
    await page.getByTestId('school-hub').getByRole('link', { name: 'West Yorkshire Maths Hub' }).click();
    expect(await page.getByTestId('hub-name').innerText()).toBe('West Yorkshire Maths Hub');
    await expectAccessible(page);
    await context.close();
  });

  it('works without JavaScript and shows a clear error for a too-short search', async () => {
    const context = await t.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const find = new FindYourHubPage(page);
    await find.open(t.baseUrl);
    await find.search('B');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter at least 2 characters');
    expect(await page.getByTestId('find-your-hub-query').inputValue()).toBe('B');
    await find.search('BD3');
    expect(await find.resultRows().count()).toBeGreaterThan(0);
    await context.close();
  });
});
