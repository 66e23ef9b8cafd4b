import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDueSurveys } from '../../src/modules/evaluation/survey-issue.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { outbox } from '../../src/platform/mail-schema.ts';
import { addLead, enrol, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { makeSurveyTemplate, makeSurveyWindow } from '../support/survey-factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** The page fits its width: nothing scrolls sideways (wide tables scroll in their own region). */
async function expectNoSidewaysScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(width!);
}

/** A participant answers the autumn survey from the emailed link; the lead sees completion and whom to chase. */
describe.skipIf(!browserAvailable)('national surveys in a browser', () => {
  let t: BrowserContext;
  let llmeId: number;
  let activityId: number;
  let link: string;
  let questionIds: number[];

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const school = await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' });
    const year = academicYearOf(todayInEngland());
    const { startsOn, endsOn } = academicYearBounds(year);
    const ncp = await makeNcp(t.db, { yearCode: year, code: `NCP${year.slice(2, 4)}-09` });
    const { questions } = await makeSurveyTemplate(t.db, { ncpKey: '09', title: 'Autumn survey' });
    questionIds = questions.map((q) => q.id);
    await makeSurveyWindow(t.db, { yearCode: year, opensOn: startsOn, closesOn: endsOn });
    llmeId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Developing Mastery WG 1',
    });
    activityId = activity.id;
    await addLead(t.db, activityId, llmeId);
    const sam = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Sam',
      familyName: 'Answerer',
    });
    const kim = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Kim',
      familyName: 'Notyet',
    });
    await enrol(t.db, { activityId, personId: sam.id, schoolUrn: school.urn });
    await enrol(t.db, { activityId, personId: kim.id, schoolUrn: school.urn });
    await issueDueSurveys(
      t.db,
      { today: todayInEngland() },
      { mailer: t.services.mailer, publicUrl: t.baseUrl },
    );
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.toAddress, sam.email));
    link = /(https?:\/\/\S+\/surveys\/answer\/[A-Za-z0-9_-]+)/.exec(mail!.textBody)![1]!;
  });
  afterAll(() => t?.close());

  it('a participant answers from the emailed link (an error first), at 320px and 1280px', async () => {
    for (const width of [320, 1280]) {
      const context = await t.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(link);
      await page.getByTestId('answer-form').waitFor();
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      if (width === 320) {
        // The required agreement left out: the error summary, the number kept.
        await page.locator(`input[name="q${questionIds[1]}"][value="Class teacher"]`).check();
        await page.locator(`#q${questionIds[3]}`).fill('3');
        await page.getByTestId('submit-answers').click();
        await page.locator('.govuk-error-summary').waitFor();
        expect(await page.locator('.govuk-error-summary').textContent()).toContain(
          'Select an answer to question 1',
        );
        expect(await page.locator(`#q${questionIds[3]}`).inputValue()).toBe('3');
        await expectAccessible(page);
        await page.locator(`input[name="q${questionIds[0]}"][value="4"]`).check();
        await page.locator(`input[name="q${questionIds[1]}"][value="Class teacher"]`).check();
        await page.locator(`input[name="q${questionIds[2]}"][value="Variation"]`).check();
        await page.getByTestId('submit-answers').click();
        await page.getByTestId('answered').waitFor();
        expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
          'your answers have been saved',
        );
        expect(await page.locator(`input[name="q${questionIds[0]}"][value="4"]`).isChecked()).toBe(true);
        await expectAccessible(page);
        await expectNoSidewaysScroll(page);
      }
      await context.close();
    }
  });

  it('the lead sees the activity’s completion and whom to chase, and reminds them', async () => {
    for (const width of [1280, 320]) {
      const context = await t.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await new SignInPage(page).open(t.baseUrl);
      await new SignInPage(page).useDemoAccount(llmeId);
      await page.goto(`${t.baseUrl}/activities/${activityId}`);
      await page.getByTestId('activity-surveys').click();
      await page.getByTestId('activity-completion').waitFor();
      expect(await page.getByTestId('activity-completion').textContent()).toContain('50%');
      const chase = await page.getByTestId('to-chase').textContent();
      expect(chase).toContain('Kim Notyet');
      expect(chase).not.toContain('Sam Answerer');
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      if (width === 1280) {
        await page.getByRole('button', { name: 'Send a reminder to Kim Notyet' }).click();
        await page.locator('.govuk-notification-banner').waitFor();
        expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
          'The reminder has been sent',
        );
        expect(await page.getByTestId('to-chase').textContent()).toContain('Reminded today');
        await expectAccessible(page);
      }
      await context.close();
    }
  });
});
