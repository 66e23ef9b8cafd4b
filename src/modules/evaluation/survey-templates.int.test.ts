import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import {
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { surveyInvitations, surveyQuestions, surveyTemplates, surveyWindows } from './survey-schema.ts';

/** Survey templates in versions, windows and "Issue now", through the national administrators' pages. */
describe('national surveys: templates, versions, windows, issuing now', () => {
  let t: TestContext;
  let admin: SignedIn;
  let analyst: SignedIn;
  const today = todayInEngland();
  const year = academicYearOf(today);
  const yearSlug = year.replace('/', '-');
  const s = paths.evaluation.surveys;
  const ncpCode = `NCP${year.slice(2, 4)}-09`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
    await makeNcp(t.db, { yearCode: year, code: ncpCode });
  });
  afterAll(() => t.close());

  const templateRows = () =>
    t.db
      .select()
      .from(surveyTemplates)
      .where(and(eq(surveyTemplates.ncpKey, '09'), eq(surveyTemplates.kind, 'participant_early')));

  it('makes a template, adds questions of each type, refuses bad ones with the input kept, and publishes', async () => {
    const refused = await admin.client.submit(s.newTemplate, {
      ncpCode: 'NCP99-77',
      kind: 'participant_early',
      title: 'Kept title',
    });
    expect(refused.headers.location).toBe(s.newTemplate);
    const back = await admin.client.get(s.newTemplate);
    expect(back.body).toContain('Enter the code of an NCP in the catalogue');
    expect(back.body).toContain('Kept title');
    expect(await templateRows()).toEqual([]);

    const made = await admin.client.submit(s.newTemplate, {
      ncpCode: ncpCode.toLowerCase(),
      kind: 'participant_early',
      title: 'Autumn survey',
      anonymousFreeText: 'yes',
    });
    expect(made.statusCode).toBe(303);
    const [template] = await templateRows();
    expect(template).toMatchObject({
      version: 1,
      title: 'Autumn survey',
      anonymousFreeText: true,
      publishedAt: null,
    });
    const url = s.template(template!.id);
    expect(made.headers.location).toBe(url);

    const add = (fields: Record<string, string>) =>
      admin.client.submit(s.templateQuestions(template!.id), fields, url);
    await add({ key: 'confidence', type: 'agreement', text: 'I am confident', required: 'yes' });
    await add({
      key: 'role',
      type: 'single_choice',
      text: 'Your role',
      options: 'Teacher\nLeader',
      required: 'yes',
    });
    await add({
      key: 'tools',
      type: 'multiple_choice',
      text: 'Tools used',
      options: 'Bar model\nNumber line',
      required: 'no',
    });
    await add({ key: 'lessons', type: 'number', text: 'Lessons', required: 'no' });
    await add({ key: 'comments', type: 'free_text', text: 'Comments', required: 'no' });
    // A key the version already has; a choice without options.
    await add({ key: 'role', type: 'single_choice', text: 'Again', options: 'A\nB' });
    expect((await admin.client.get(url)).body).toContain(
      'This template already has a question with the key “role”',
    );
    await add({ key: 'other', type: 'single_choice', text: 'Kept question' });
    const page = await admin.client.get(url);
    expect(page.body).toContain('Enter at least two options, one on each line');
    expect(page.body).toContain('Kept question');
    expect(page.body).toContain('Strongly disagree');
    const questions = await t.db
      .select()
      .from(surveyQuestions)
      .where(eq(surveyQuestions.templateId, template!.id));
    expect(questions.map((q) => [q.key, q.type, q.required])).toEqual([
      ['confidence', 'agreement', true],
      ['role', 'single_choice', true],
      ['tools', 'multiple_choice', false],
      ['lessons', 'number', false],
      ['comments', 'free_text', false],
    ]);
    expect(questions[1]!.options).toEqual(['Teacher', 'Leader']);

    await admin.client.submit(s.publishTemplate(template!.id), {}, url);
    expect((await templateRows())[0]!.publishedAt).not.toBeNull();
    // Analysts read, and do not change.
    const read = await analyst.client.get(url);
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain('data-testid="question-form"');
    expect((await analyst.client.get(paths.evaluation.home)).body).toContain(`href="${s.templates}"`);
    const hubLead = await signInHubLead(t.app, t.db, (await makeHub(t.db, { slug: 'home-hub' })).id);
    const home = await hubLead.client.get(paths.evaluation.home);
    expect(home.body).toContain(`href="${s.completion}"`);
    expect(home.body).not.toContain(`href="${s.templates}"`);
    const list = await analyst.client.get(s.templates);
    expect(list.body).toContain('Autumn survey (version 1)');
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(template!.id)));
    expect(logged.map((l) => l.action)).toContain('survey_template.published');
    const log = await admin.client.get('/admin/event-log');
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain(
      'published the participants’ early (autumn) survey template for NCP 09 (version 1)',
    );
  });

  it('sets a year’s window with the dates as people write them, and refuses a window outside the year', async () => {
    const { startsOn, endsOn } = academicYearBounds(year);
    const formUrl = `${s.windows}?year=${yearSlug}`;
    const [sy] = startsOn.split('-');
    const bad = await admin.client.submit(
      s.windows,
      {
        year: yearSlug,
        kind: 'participant_early',
        'opensOn-participant_early-day': '1',
        'opensOn-participant_early-month': '9',
        'opensOn-participant_early-year': String(Number(sy) - 1),
        'closesOn-participant_early-day': '31',
        'closesOn-participant_early-month': '2',
        'closesOn-participant_early-year': sy!,
      },
      formUrl,
    );
    expect(bad.headers.location).toBe(formUrl);
    const back = await admin.client.get(formUrl);
    expect(back.body).toContain('The closing date must be a real date');
    await admin.client.submit(
      s.windows,
      {
        year: yearSlug,
        kind: 'participant_early',
        'opensOn-participant_early-day': '1',
        'opensOn-participant_early-month': '9',
        'opensOn-participant_early-year': String(Number(sy) - 1),
        'closesOn-participant_early-day': '1',
        'closesOn-participant_early-month': '10',
        'closesOn-participant_early-year': sy!,
      },
      formUrl,
    );
    expect((await admin.client.get(formUrl)).body).toContain(`The opening date must be in ${year}`);
    expect(await t.db.select().from(surveyWindows)).toEqual([]);

    const [ey, em, ed] = endsOn.split('-');
    await admin.client.submit(
      s.windows,
      {
        year: yearSlug,
        kind: 'participant_early',
        'opensOn-participant_early-day': '1',
        'opensOn-participant_early-month': '9',
        'opensOn-participant_early-year': sy!,
        'closesOn-participant_early-day': String(Number(ed)),
        'closesOn-participant_early-month': String(Number(em)),
        'closesOn-participant_early-year': ey!,
      },
      formUrl,
    );
    const [w] = await t.db.select().from(surveyWindows);
    expect(w).toMatchObject({
      yearCode: year,
      kind: 'participant_early',
      opensOn: startsOn,
      closesOn: endsOn,
    });
    const shown = await analyst.client.get(formUrl);
    expect(shown.body).toContain(`1 September ${sy}`);
  });

  it('refuses to change a version people have answered; "Save as a new version" copies it, and new invitations take the newest published', async () => {
    const [template] = await templateRows();
    const hub = await makeHub(t.db, { slug: 'versions-hub' });
    const { rows } = await t.db.execute<{ id: number }>(sql`SELECT id FROM ncps WHERE code = ${ncpCode}`);
    const ncp = rows[0];
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp!.id, yearCode: year });
    const first = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    await enrol(t.db, { activityId: activity.id, personId: first.id });
    const issued = await admin.client.submit(s.issue, { year: yearSlug, kind: 'participant_early' });
    expect(issued.statusCode).toBe(303);
    const [inv] = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.personId, first.id));
    expect(inv!.templateId).toBe(template!.id);
    await t.db
      .update(surveyInvitations)
      .set({ submittedAt: new Date() })
      .where(eq(surveyInvitations.id, inv!.id));

    const url = s.template(template!.id);
    const page = await admin.client.get(url);
    expect(page.body).toContain('People have answered this version');
    expect(page.body).not.toContain('data-testid="question-form"');
    // Posted anyway (an old page): refused with the reason, nothing changed.
    await admin.client.post(s.template(template!.id), {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
      title: 'Changed',
    });
    await admin.client.post(s.templateQuestions(template!.id), {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
      key: 'more',
      type: 'number',
      text: 'More',
    });
    const refused = await admin.client.get(url);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('use “Save as a new version” to change the questions');
    expect((await templateRows()).find((r) => r.id === template!.id)!.title).toBe('Autumn survey');
    expect(
      await t.db.select().from(surveyQuestions).where(eq(surveyQuestions.templateId, template!.id)),
    ).toHaveLength(5);

    const made = await admin.client.submit(s.newVersion(template!.id), {}, url);
    const v2 = (await templateRows()).find((r) => r.version === 2)!;
    expect(made.headers.location).toBe(s.template(v2.id));
    const copied = await t.db.select().from(surveyQuestions).where(eq(surveyQuestions.templateId, v2.id));
    expect(copied.map((q) => q.key).sort()).toEqual(['comments', 'confidence', 'lessons', 'role', 'tools']);
    expect(v2.publishedAt).toBeNull();

    // Unpublished: a new participant still gets version 1; once published, version 2.
    const second = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    await enrol(t.db, { activityId: activity.id, personId: second.id });
    await admin.client.submit(s.issue, { year: yearSlug, kind: 'participant_early' });
    const [secondInv] = await t.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.personId, second.id));
    expect(secondInv!.templateId).toBe(template!.id);
    await admin.client.submit(s.publishTemplate(v2.id), {}, s.template(v2.id));
    const third = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    await enrol(t.db, { activityId: activity.id, personId: third.id });
    await admin.client.submit(s.issue, { year: yearSlug, kind: 'participant_early' });
    const [thirdInv] = await t.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.personId, third.id));
    expect(thirdInv!.templateId).toBe(v2.id);
  });

  it('"Issue now" refuses a kind whose window is not open, saying why', async () => {
    const refused = await admin.client.submit(s.issue, { year: yearSlug, kind: 'participant_summer' });
    expect(refused.headers.location).toBe(s.issue);
    expect((await admin.client.get(s.issue)).body).toContain(
      'Set the window of the Participants: summer survey',
    );
  });
});
