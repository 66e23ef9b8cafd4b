import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { happiForms } from '../../src/modules/evaluation/happi-schema.ts';
import { evaluationReportActions } from '../../src/modules/evaluation/report-schema.ts';
import { issueDueSurveys } from '../../src/modules/evaluation/survey-issue.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { outbox } from '../../src/platform/mail-schema.ts';
import { paths } from '../../src/platform/paths.ts';
import { addLead, addSchool, enrol, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { makeSurveyTemplate, makeSurveyWindow } from '../support/survey-factories.ts';
import { HappiPage } from './pages/happi-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { VisitsPage } from './pages/visits-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * Issue 15's "Done when": the evaluation timeline of one year, walked in a browser with axe on each page.
 * The LLME writes the HAPPI plan; participants answer the autumn survey from their emailed links; a
 * reminder goes to the one who did not; the lead sees only their own participants' answers; a visit is
 * recorded; the summer survey is answered; the lead submits the impact section and hub leadership accept
 * it; the national analyst reads the NCP's before/after across hubs and downloads it; hub leadership
 * write an evaluation report whose implication's owner closes it; the activity's evaluation page shows it all.
 */
describe.skipIf(!browserAvailable)('the evaluation timeline in a browser (issue 15)', () => {
  let t: BrowserContext;
  const year = academicYearOf(todayInEngland());
  const yearSlug = year.replace('/', '-');
  const today = todayInEngland();
  let ids: {
    hubLead: number;
    leadA: number;
    leadB: number;
    analyst: number;
    activityA: number;
    activityB: number;
    school: number;
    sam: { id: number; email: string };
    kim: { id: number; email: string };
    priya: { id: number; email: string };
  };
  let confidenceEarly: number;
  let confidenceSummer: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    const { startsOn, endsOn } = academicYearBounds(year);
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const school = await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' });
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      code: `NCP${year.slice(2, 4)}-09`,
      title: 'Primary Teaching for Mastery Development Work Groups',
      sections: { outcomes: { pupilOutcomes: '· Pupils’ confidence and progress improve' } },
    });
    const confidence = {
      key: 'confidence',
      type: 'agreement' as const,
      text: 'I feel confident teaching mathematics',
    };
    confidenceEarly = (
      await makeSurveyTemplate(t.db, {
        ncpKey: '09',
        kind: 'participant_early',
        title: 'Autumn survey',
        questions: [confidence],
      })
    ).questions[0]!.id;
    confidenceSummer = (
      await makeSurveyTemplate(t.db, {
        ncpKey: '09',
        kind: 'participant_summer',
        title: 'Summer survey',
        questions: [confidence],
      })
    ).questions[0]!.id;
    // The autumn window is open now; the summer one opens later in the walk.
    await makeSurveyWindow(t.db, {
      yearCode: year,
      kind: 'participant_early',
      opensOn: startsOn,
      closesOn: endsOn,
    });
    const person = (
      role: Parameters<typeof makePerson>[1],
      email: string,
      names?: { givenName: string; familyName: string },
    ) => makePerson(t.db, role, { email: `${email}@${DEMO_EMAIL_DOMAIN}`, ...names });
    const hubLead = await person(
      [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }],
      'hub-lead',
    );
    const leadA = await person([{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], 'lead-a');
    const leadB = await person([{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], 'lead-b');
    const analyst = await person([{ role: 'national_analyst' }], 'analyst');
    const participant = (given: string, family: string) =>
      person([{ role: 'participant', hubId: hub.id }], given.toLowerCase(), {
        givenName: given,
        familyName: family,
      });
    const [sam, kim, priya] = [
      await participant('Sam', 'Answerer'),
      await participant('Kim', 'Notyet'),
      await participant('Priya', 'Otherlead'),
    ];
    const activityA = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Developing Mastery WG 1',
    });
    const activityB = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Developing Mastery WG 2',
    });
    await addLead(t.db, activityA.id, leadA.id);
    await addLead(t.db, activityB.id, leadB.id);
    await addSchool(t.db, activityA.id, school.urn);
    await enrol(t.db, { activityId: activityA.id, personId: sam.id, schoolUrn: school.urn });
    await enrol(t.db, { activityId: activityA.id, personId: kim.id, schoolUrn: school.urn });
    await enrol(t.db, { activityId: activityB.id, personId: priya.id, schoolUrn: school.urn });
    ids = {
      hubLead: hubLead.id,
      leadA: leadA.id,
      leadB: leadB.id,
      analyst: analyst.id,
      activityA: activityA.id,
      activityB: activityB.id,
      school: school.urn,
      sam,
      kim,
      priya,
    };
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number, width = 1280) {
    const context = await t.browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return { context, page };
  }

  async function checked(page: Page) {
    await expectAccessible(page);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
  }

  /** The newest survey link emailed to someone. */
  async function emailedLink(email: string) {
    const mails = await t.db.select().from(outbox).where(eq(outbox.toAddress, email));
    const links = mails
      .map((m) => /(https?:\/\/\S+\/surveys\/answer\/[A-Za-z0-9_-]+)/.exec(m.textBody)?.[1])
      .filter(Boolean);
    return links.at(-1)!;
  }

  /** Someone answers their survey from the emailed link, without signing in. */
  async function answer(email: string, questionId: number, agreement: number) {
    const context = await t.browser.newContext({ viewport: { width: 320, height: 900 } });
    const page = await context.newPage();
    await page.goto(await emailedLink(email));
    await page.getByTestId('answer-form').waitFor();
    await checked(page);
    await page.locator(`input[name="q${questionId}"][value="${agreement}"]`).check();
    await page.getByTestId('submit-answers').click();
    await page.getByTestId('answered').waitFor();
    await checked(page);
    await context.close();
  }

  it('walks the year: plan, autumn survey, reminder, answers in scope, visit, summer survey, impact, review, before/after, report', async () => {
    // 1. The LLME writes and submits the HAPPI plan; hub leadership accept it.
    const leadA = await signedIn(ids.leadA);
    const happi = new HappiPage(leadA.page);
    await happi.open(t.baseUrl, ids.activityA);
    await checked(leadA.page);
    await happi.writePlan('Teachers plan lessons in small coherent steps', ['national_surveys', 'visits']);
    await checked(leadA.page);
    await happi.savePlan();
    await leadA.page.getByTestId('happi-summary').waitFor();
    await happi.submit();
    expect(await happi.state()).toBe('Plan submitted for review');
    await checked(leadA.page);
    const hubLead = await signedIn(ids.hubLead);
    const review = new HappiPage(hubLead.page);
    await review.open(t.baseUrl, ids.activityA);
    await review.review('accept');
    expect(await review.state()).toBe('Impact draft');
    await checked(hubLead.page);

    // 2. The autumn survey is issued in its window: each participant is emailed their own link.
    await issueDueSurveys(t.db, { today }, { mailer: t.services.mailer, publicUrl: t.baseUrl });
    await answer(ids.sam.email, confidenceEarly, 2);
    await answer(ids.priya.email, confidenceEarly, 4);

    // 3. The lead sees who has not answered and reminds them.
    await leadA.page.goto(`${t.baseUrl}${paths.activity.show(ids.activityA)}`);
    await leadA.page.getByTestId('activity-surveys').click();
    await leadA.page.getByTestId('activity-completion').waitFor();
    expect(await leadA.page.getByTestId('activity-completion').textContent()).toContain('50%');
    expect(await leadA.page.getByTestId('to-chase').textContent()).toContain('Kim Notyet');
    await checked(leadA.page);
    await leadA.page.getByRole('button', { name: 'Send a reminder to Kim Notyet' }).click();
    await leadA.page.locator('.govuk-notification-banner').waitFor();
    await checked(leadA.page);
    const toKim = await t.db.select().from(outbox).where(eq(outbox.toAddress, ids.kim.email));
    expect(toKim.length).toBe(2);

    // 4. The lead sees their own participants' answers, never another lead's.
    await leadA.page.goto(`${t.baseUrl}${paths.activity.show(ids.activityA)}`);
    await leadA.page.getByTestId('activity-survey-results').click();
    await leadA.page.getByTestId('page-heading').waitFor();
    await checked(leadA.page);
    expect(await leadA.page.locator('main').innerText()).not.toContain('Priya');
    const other = await leadA.page.goto(
      `${t.baseUrl}${paths.evaluation.surveys.activityResults(ids.activityB)}`,
    );
    expect(other?.status()).toBe(404);

    // 5. The lead records a visit and sees the coverage of year groups.
    await leadA.page.goto(`${t.baseUrl}${paths.activity.show(ids.activityA)}`);
    await leadA.page.getByTestId('activity-visits').click();
    await leadA.page.getByTestId('record-visit').click();
    await leadA.page.getByTestId('visit-form').waitFor();
    await checked(leadA.page);
    const visits = new VisitsPage(leadA.page);
    await visits.fillVisit({
      date: today,
      schoolUrn: ids.school,
      yearGroups: ['Year 3'],
      focus: 'Fluency in number facts',
    });
    await visits.save();
    await leadA.page.getByTestId('visit-details').waitFor();
    await checked(leadA.page);
    await leadA.page.goto(`${t.baseUrl}${paths.evaluation.visits.coverage(ids.activityA)}`);
    await leadA.page.getByTestId('coverage').waitFor();
    expect(
      await leadA.page.getByTestId(`coverage-${ids.school}`).getByTestId('cell-Year-3').textContent(),
    ).toBe('1');
    await checked(leadA.page);

    // 6. The summer window opens: the summer survey is issued and answered.
    const { startsOn, endsOn } = academicYearBounds(year);
    await makeSurveyWindow(t.db, {
      yearCode: year,
      kind: 'participant_summer',
      opensOn: startsOn,
      closesOn: endsOn,
    });
    await issueDueSurveys(t.db, { today }, { mailer: t.services.mailer, publicUrl: t.baseUrl });
    await answer(ids.sam.email, confidenceSummer, 4);

    // 7. The lead writes the evidence of impact and submits it; hub leadership accept it.
    await happi.open(t.baseUrl, ids.activityA);
    await leadA.page.getByTestId('edit-impact').click();
    await leadA.page.getByTestId('impact-form').waitFor();
    const evidence = leadA.page.getByLabel('Evidence of impact');
    for (let i = 0; i < (await evidence.count()); i++)
      await evidence.nth(i).fill('Confidence rose from 2 to 4 between the autumn and summer surveys.');
    await checked(leadA.page);
    await leadA.page.getByTestId('save-impact').click();
    await leadA.page.getByTestId('happi-summary').waitFor();
    // A file as evidence too: the survey results saved as a PDF, uploaded against the first outcome.
    await leadA.page.getByTestId('edit-impact').click();
    await leadA.page.getByTestId('evidence-file').setInputFiles({
      name: 'Autumn and summer survey results.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
    });
    await leadA.page.getByTestId('upload-evidence-file').click();
    await leadA.page.getByTestId('evidence-files').waitFor();
    await checked(leadA.page);
    await happi.open(t.baseUrl, ids.activityA);
    await leadA.page.getByRole('link', { name: 'Autumn and summer survey results.pdf' }).waitFor();
    await happi.submit();
    expect(await happi.state()).toBe('Impact submitted for review');
    await review.open(t.baseUrl, ids.activityA);
    await review.review('accept');
    await checked(hubLead.page);
    const [form] = await t.db.select().from(happiForms).where(eq(happiForms.activityId, ids.activityA));
    expect([form!.section, form!.status]).toEqual(['impact', 'accepted']);

    // 8. The national analyst reads the NCP's before/after across hubs and downloads it.
    const analyst = await signedIn(ids.analyst, 320);
    await analyst.page.goto(`${t.baseUrl}${paths.evaluation.home}`);
    await analyst.page.getByTestId('survey-results-link').click();
    await analyst.page.waitForURL(/\/evaluation\/surveys\/results/);
    await analyst.page.goto(`${t.baseUrl}${paths.evaluation.surveys.results}?year=${yearSlug}&ncp=09`);
    const england = analyst.page
      .getByTestId('change-overall')
      .getByRole('row')
      .filter({ hasText: 'England' });
    expect(await england.getByTestId('mean-before').innerText()).toBe('2');
    expect(await england.getByTestId('mean-after').innerText()).toBe('4');
    await checked(analyst.page);
    const download = analyst.page.waitForEvent('download');
    await analyst.page.getByTestId('download-csv').click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await analyst.context.close();

    // 9. Hub leadership write and publish an evaluation report; the implication's owner closes it.
    await hubLead.page.goto(`${t.baseUrl}${paths.evaluation.home}`);
    await hubLead.page.getByTestId('evaluation-reports').click();
    await hubLead.page.getByTestId('start-report').click();
    await hubLead.page.getByTestId('report-form').waitFor();
    await checked(hubLead.page);
    await hubLead.page.locator('#title').fill('Developing Mastery Work Groups: what helped');
    await hubLead.page.locator('#yearCode').selectOption(year);
    await hubLead.page.locator('#question-0').fill('Did participants grow in confidence?');
    await hubLead.page.locator('#context').fill('Two Work Groups of the hub.');
    await hubLead.page.locator('#activityAndData').fill('Autumn and summer surveys; one visit.');
    await hubLead.page.locator('#theme-0-finding').fill('Confidence rose where visits followed sessions.');
    await hubLead.page.locator('#theme-0-implication-0').fill('Visit every school after its second session.');
    await hubLead.page.locator('#theme-0-implication-0-owner').selectOption(String(ids.leadA));
    const [dueYear, dueMonth, dueDay] = academicYearBounds(year).endsOn.split('-');
    await hubLead.page.locator('#theme-0-implication-0-due-day').fill(String(Number(dueDay)));
    await hubLead.page.locator('#theme-0-implication-0-due-month').fill(String(Number(dueMonth)));
    await hubLead.page.locator('#theme-0-implication-0-due-year').fill(dueYear!);
    await hubLead.page.locator('#conclusion').fill('Keep the visits.');
    await hubLead.page.getByTestId('save-report').click();
    await hubLead.page.getByTestId('report-state').waitFor();
    await hubLead.page.getByTestId('publish-report').click();
    await hubLead.page.getByTestId('confirm-publish').click();
    await hubLead.page.getByTestId('report-state').waitFor();
    expect(await hubLead.page.getByTestId('report-state').textContent()).toContain('Published');
    await checked(hubLead.page);
    await leadA.page.goto(`${t.baseUrl}${paths.evaluation.reports.actions}`);
    await leadA.page.getByRole('link', { name: 'Visit every school after its second session.' }).click();
    await leadA.page.getByTestId('follow-up-form').waitFor();
    await leadA.page.locator('input[name="status"][value="done"]').check();
    await leadA.page.locator('#closingNote').fill('Visits booked after every second session.');
    await leadA.page.getByTestId('save-action').click();
    await leadA.page.getByTestId('action-summary').waitFor();
    await checked(leadA.page);
    const [action] = await t.db
      .select()
      .from(evaluationReportActions)
      .where(and(eq(evaluationReportActions.ownerPersonId, ids.leadA)));
    expect(action!.status).toBe('done');

    // 10. The activity's one evaluation page puts it together (Sam and Kim asked twice; Sam answered both).
    await leadA.page.goto(`${t.baseUrl}${paths.activity.show(ids.activityA)}`);
    await leadA.page.getByTestId('activity-evaluation-page').click();
    await leadA.page.getByTestId('evaluation-parts').waitFor();
    expect(await leadA.page.getByTestId('happi-state').textContent()).toBe('Impact accepted');
    expect(await leadA.page.getByTestId('survey-completion').textContent()).toBe('2 of 4 (50%)');
    expect(await leadA.page.getByTestId('visits').textContent()).toBe('1');
    await checked(leadA.page);
    await leadA.context.close();
    await hubLead.context.close();
  }, 300_000);
});
