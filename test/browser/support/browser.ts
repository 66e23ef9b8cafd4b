import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestApp, type TestContext } from '../../support/test-app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium. Without it they are skipped on a developer's machine, but under
 * CI=true a missing browser fails the run instead of silently skipping.
 */
export const browserAvailable = (() => {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`Chromium not found at ${CHROMIUM}: CI must run the browser tests`);
  return false;
})();

export interface BrowserContext extends TestContext {
  baseUrl: string;
  browser: Browser;
}

/** The real app listening on a loopback port, and a headless Chromium. */
export async function startBrowserTest(): Promise<BrowserContext> {
  const t = await createTestApp();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  watchContentSecurityPolicy(browser);
  return {
    ...t,
    baseUrl: address,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** What the browser refused under the Content-Security-Policy (src/platform/security-headers.ts). */
const cspViolations: string[] = [];

/** Every context the tests open reports what the Content-Security-Policy blocked. */
function watchContentSecurityPolicy(browser: Browser): void {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        cspViolations.push(`${message.location().url}: ${message.text()}`);
      }
    });
    return context;
  };
}

/** Nothing on the pages visited so far was refused by the Content-Security-Policy. */
export function expectNothingBlocked(): void {
  const seen = cspViolations.splice(0);
  expect(seen, 'refused by the Content-Security-Policy').toEqual([]);
}

/**
 * Checks the page against WCAG 2.2 A and AA with axe: no violations allowed. Also checks that nothing
 * on the pages visited was refused by the Content-Security-Policy.
 */
export async function expectAccessible(page: Page): Promise<void> {
  expectNothingBlocked();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
