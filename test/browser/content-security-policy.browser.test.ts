import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  expectNothingBlocked,
  startBrowserTest,
} from './support/browser.ts';

describe.skipIf(!browserAvailable)('pages under the Content-Security-Policy', () => {
  let t: BrowserContext;

  beforeAll(async () => {
    t = await startBrowserTest();
  });
  afterAll(() => t?.close());

  it('runs govuk-frontend (its inline script by hash, its module file) and nothing is refused', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.waitForLoadState('networkidle');
    const classes = await page.evaluate(() => document.body.className);
    expect(classes).toContain('js-enabled');
    expect(classes).toContain('govuk-frontend-supported');
    await expectAccessible(page);
    // The policy is enforced, and the tests see what it refuses: an injected inline script is refused.
    await page.addScriptTag({ content: 'document.body.dataset.injected = "yes"' }).catch(() => {});
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    await page.waitForTimeout(200);
    expect(() => expectNothingBlocked()).toThrow(/refused by the Content-Security-Policy/);
    await context.close();
  });

  it('shows the API documentation (Swagger UI) under its own policy', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('Maths Hubs Platform API');
    await page.locator('.opblock').first().waitFor();
    expectNothingBlocked();
    await context.close();
  });
});
