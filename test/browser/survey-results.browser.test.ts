import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { enrol, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makePerson } from '../support/factories.ts';
import { answerSurvey, makeSurveyTemplate } from '../support/survey-result-factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** The national analyst opens an NCP's before/after across hubs and downloads it (issue 15). */
describe.skipIf(!browserAvailable)('survey results in a browser', () => {
  let t: BrowserContext;
  let analystId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    analystId = (
      await makePerson(t.db, [{ role: 'national_analyst' }], { email: `analyst@${DEMO_EMAIL_DOMAIN}` })
    ).id;
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary TfM Development',
    });
    const statements = [
      { key: 'confidence', type: 'agreement' as const, text: 'I feel confident teaching mathematics.' },
      { key: 'knowledge', type: 'agreement' as const, text: 'I understand the mathematics I teach.' },
    ];
    const early = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_early',
      questions: statements,
    });
    const summer = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_summer',
      questions: [...statements, { key: 'change', type: 'free_text' }],
    });
    for (const [slug, name, before, after] of [
      ['north-hub', 'North Maths Hub', [2, 3], [4, 4]],
      ['south-hub', 'South Maths Hub', [3, 3], [3, 4]],
    ] as const) {
      const hub = await makeHub(t.db, { slug, name });
      const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
      const person = await makePerson(t.db);
      await enrol(t.db, { activityId: activity.id, personId: person.id });
      const answers = (v: readonly number[]) => ({ confidence: v[0]!, knowledge: v[1]! });
      await answerSurvey(t.db, {
        templateId: early.id,
        activity,
        personId: person.id,
        answers: answers(before),
      });
      await answerSurvey(t.db, {
        templateId: summer.id,
        activity,
        personId: person.id,
        answers: { ...answers(after), change: 'Pupils explain their reasoning more.' },
      });
    }
  });
  afterAll(() => t?.close());

  it('opens the NCP’s before/after across hubs from the evaluation page, reads it at 320px, and downloads it', async () => {
    const context = await t.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(analystId);
    await page.goto(`${t.baseUrl}/evaluation`);
    await page.getByTestId('survey-results-link').click();
    await page.waitForURL(/\/evaluation\/surveys\/results/);
    await page.getByTestId('year-control').selectOption('2023-24');
    await page.getByTestId('results-filters').getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/year=2023-24/);
    await expectAccessible(page);
    const overall = page.getByTestId('change-overall');
    const england = overall.getByRole('row').filter({ hasText: 'England' });
    // North: 2→4 and 3→4; South: 3→3 and 3→4. England: before 2.75, after 3.75, change 1, 3 of 4 improved.
    expect(await england.getByTestId('mean-before').innerText()).toBe('2.75');
    expect(await england.getByTestId('mean-after').innerText()).toBe('3.75');
    expect(await england.getByTestId('improved').innerText()).toBe('75%');
    expect(
      await overall
        .getByRole('row')
        .filter({ hasText: 'North Maths Hub' })
        .getByTestId('mean-change')
        .innerText(),
    ).toBe('1.5');
    expect(await page.getByTestId('chart').count()).toBe(2);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('survey-before-after-ncp-09-2023-24.csv');
    const stream = await file.createReadStream();
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    expect(text).toContain('England,Every statement,,2,4,2.75,3.75,1,75');
    await context.close();
  });
});
