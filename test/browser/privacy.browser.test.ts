import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPlaces } from '../../src/modules/events/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { people } from '../../src/modules/people/schema.ts';
import { paths } from '../../src/platform/paths.ts';
import { givePlace, makeEvent } from '../support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * The privacy pages in Chromium, checked with axe: the notice from the footer, a participant's own
 * data from their account and correcting their details, and a national administrator producing a
 * person's data and erasing them.
 */
describe.skipIf(!browserAvailable)('privacy pages', () => {
  let t: BrowserContext;
  let adminId: number;
  let participantId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    adminId = (await makePerson(t.db, [{ role: 'national_admin' }], { email: `admin@${DEMO_EMAIL_DOMAIN}` }))
      .id;
    participantId = (
      await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
        email: `participant@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Rosalind',
        familyName: 'Example',
      })
    ).id;
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      title: 'Summer conference',
      invite: [participantId],
    });
    const place = await givePlace(t.db, event.id, participantId);
    await t.db.update(eventPlaces).set({ dietary: 'Vegetarian' }).where(eq(eventPlaces.id, place.id));
  });
  afterAll(() => t?.close());

  const signedInAs = async (personId: number) => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return { context, page };
  };

  it('shows the privacy notice from the footer and a participant their own data', async () => {
    const { context, page } = await signedInAs(participantId);
    await page.getByTestId('footer-privacy').click();
    expect(await page.locator('h1').textContent()).toBe('Privacy notice');
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}${paths.account}`);
    await page.getByTestId('your-data-link').click();
    expect(await page.locator('h1').textContent()).toBe('Your data');
    expect(await page.getByTestId('data-eventPlaces').textContent()).toContain('Vegetarian');
    await expectAccessible(page);
    await context.close();
  }, 60_000);

  it('lets a person correct their own name from their account, an error shown with the input kept', async () => {
    // The demo sign-in lists one person per role: the participant corrects their last name.
    const { context, page } = await signedInAs(participantId);
    await page.goto(`${t.baseUrl}${paths.account}`);
    await page.getByTestId('change-your-details').click();
    expect(await page.locator('h1').textContent()).toBe('Change your details');
    await expectAccessible(page);
    await page.getByLabel('First name').fill('');
    await page.getByLabel('Last name').fill('Examples');
    await page.getByTestId('save-details').click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter your first name');
    expect(await page.getByLabel('Last name').inputValue()).toBe('Examples');
    await expectAccessible(page);
    await page.getByLabel('First name').fill('Rosalind');
    await page.getByTestId('save-details').click();
    expect(await page.getByTestId('account-details').textContent()).toContain('Rosalind Examples');
    await context.close();
  }, 60_000);

  it('lets a national administrator produce a person’s data, see the retention dry run and erase them', async () => {
    const { context, page } = await signedInAs(adminId);
    await page.goto(`${t.baseUrl}${paths.admin.person(participantId)}`);
    await page.getByTestId('person-data-link').click();
    expect(await page.getByTestId('data-profile').textContent()).toContain('Rosalind');
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}${paths.privacy.retention}`);
    await expectAccessible(page);
    await page.goto(`${t.baseUrl}${paths.admin.person(participantId)}`);
    await page.getByTestId('erase-person-link').click();
    await expectAccessible(page);
    await page.getByTestId('confirm-erase').click();
    await page.waitForLoadState('domcontentloaded');
    // Refused without a reason or a confirmation: the error summary, accessible too.
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter why');
    await expectAccessible(page);
    await page.getByTestId('erase-reason').fill('Erasure request 42');
    await page.getByTestId('erase-confirm').check();
    await page.getByTestId('confirm-erase').click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.getByTestId('person-erased').isVisible()).toBe(true);
    const [row] = await t.db.select().from(people).where(eq(people.id, participantId));
    expect(row!.givenName).toBe('Erased');
    await context.close();
  }, 60_000);
});
