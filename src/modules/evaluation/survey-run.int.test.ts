import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/client.ts';
import { addLead, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { signInHubLead } from '../../../test/support/hub-factories.ts';
import { makeSurveyTemplate, makeSurveyWindow } from '../../../test/support/survey-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { outbox } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { collectPersonalData } from '../privacy/collect-personal-data.ts';
import { erasePerson } from '../privacy/erase-person.ts';
import { mergePeople } from '../registration/merge-people.ts';
import { issueDueSurveys } from './survey-issue.ts';
import { runDailySurveyWork } from './survey-jobs.ts';
import { remindDueSurveys } from './survey-reminders.ts';
import { surveyAnswers, surveyInvitations, surveyWindows } from './survey-schema.ts';

/** Issuing, answering, completion and reminders of the national surveys (issue 15). */
describe('national surveys: issuing, answering, completion, reminders', () => {
  let t: TestContext;
  const today = todayInEngland();
  const year = academicYearOf(today);
  const { startsOn, endsOn } = academicYearBounds(year);
  let hubId: number;
  let llmeId: number;
  let laCode: string;
  let ncpN = 0;
  const deps = () => ({ mailer: t.services.mailer, publicUrl: 'https://mathshubs.example' });
  const mailsTo = (email: string) => t.db.select().from(outbox).where(eq(outbox.toAddress, email));
  const linkIn = (text: string) => /\/surveys\/answer\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

  beforeAll(async () => {
    t = await createTestApp();
    laCode = (await makeLocalAuthority(t.db, { name: 'Surveyshire' })).code;
    hubId = (await makeHub(t.db, { slug: 'survey-hub', name: 'Survey Maths Hub' }, [{ laCode }])).id;
    llmeId = (await makePerson(t.db, [{ role: 'llme', hubId }], { givenName: 'Lena', familyName: 'Lead' }))
      .id;
    await makeSurveyWindow(t.db, {
      yearCode: year,
      kind: 'participant_early',
      opensOn: startsOn,
      closesOn: endsOn,
    });
    await makeSurveyWindow(t.db, {
      yearCode: year,
      kind: 'llme_end_of_year',
      opensOn: startsOn,
      closesOn: endsOn,
    });
  });
  afterAll(() => t.close());

  /** An activity of an NCP of its own (its own template) with three participants, one withdrawn. */
  async function scenario() {
    ncpN++;
    const code = `NCP${year.slice(2, 4)}-${String(40 + ncpN)}`;
    const ncp = await makeNcp(t.db, { yearCode: year, code });
    const { template, questions } = await makeSurveyTemplate(t.db, { ncpKey: String(40 + ncpN) });
    const activity = await makeActivity(t.db, {
      hubId,
      ncpId: ncp.id,
      yearCode: year,
      title: `Survey WG ${ncpN}`,
    });
    await addLead(t.db, activity.id, llmeId);
    const school = await makeSchool(t.db, { laCode });
    const people = [];
    for (const [i, status] of (['registered', 'registered', 'withdrawn'] as const).entries()) {
      const p = await makePerson(t.db, [{ role: 'participant', hubId }], {
        givenName: `P${ncpN}${i}`,
        familyName: 'Teacher',
      });
      await enrol(t.db, { activityId: activity.id, personId: p.id, schoolUrn: school.urn, status });
      people.push(p);
    }
    return { ncp, template, questions, activity, people };
  }
  const invitationsOf = (activityId: number) =>
    t.db.select().from(surveyInvitations).where(eq(surveyInvitations.activityId, activityId));

  it('issues one invitation per participant taking part, each emailed their own link, and never twice', async () => {
    const { activity, people, template } = await scenario();
    const first = await issueDueSurveys(t.db, { today }, deps());
    expect(first.invitations).toBeGreaterThanOrEqual(2);
    const rows = await invitationsOf(activity.id);
    expect(rows.map((r) => r.personId).sort()).toEqual([people[0]!.id, people[1]!.id].sort());
    expect(rows.every((r) => r.templateId === template.id && r.kind === 'participant_early')).toBe(true);
    const [mail] = await mailsTo(people[0]!.email);
    const token = linkIn(mail!.textBody)!;
    expect(mail!.textBody).toContain('https://mathshubs.example/surveys/answer/');
    // Only a hash of the link's secret is kept.
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(await mailsTo(people[2]!.email)).toEqual([]); // withdrawn: not invited
    const again = await issueDueSurveys(t.db, { today }, deps());
    expect(again.invitations).toBe(0);
    expect(await invitationsOf(activity.id)).toHaveLength(2);
    expect(await mailsTo(people[0]!.email)).toHaveLength(1);
    const [logged] = await t.db.select().from(eventLog).where(eq(eventLog.action, 'survey.issued')).limit(1);
    expect(logged?.actorLabel).toBe('survey-issue');
  });

  it('the daily job’s work issues what is due and sends the reminders due', async () => {
    const { activity } = await scenario();
    const done = await runDailySurveyWork(t.services, today);
    expect(done.issued).toBeGreaterThanOrEqual(2);
    expect(await invitationsOf(activity.id)).toHaveLength(2);
    expect((await runDailySurveyWork(t.services, today)).issued).toBe(0);
  });

  it('sends the LLMEs’ end of year survey to the activity’s leads, and nothing without a published template', async () => {
    const { activity, ncp } = await scenario();
    await issueDueSurveys(t.db, { today, kind: 'llme_end_of_year' }, deps());
    expect((await invitationsOf(activity.id)).filter((r) => r.kind === 'llme_end_of_year')).toEqual([]);
    const key = ncp.code.replace(/^NCP\d\d-/, '');
    await makeSurveyTemplate(t.db, { ncpKey: key, kind: 'llme_end_of_year', published: false });
    await issueDueSurveys(t.db, { today, kind: 'llme_end_of_year' }, deps());
    expect((await invitationsOf(activity.id)).filter((r) => r.kind === 'llme_end_of_year')).toEqual([]);
    const { template } = await makeSurveyTemplate(t.db, {
      ncpKey: key,
      kind: 'llme_end_of_year',
      version: 2,
    });
    await issueDueSurveys(t.db, { today, kind: 'llme_end_of_year' }, deps());
    const llme = (await invitationsOf(activity.id)).filter((r) => r.kind === 'llme_end_of_year');
    expect(llme.map((r) => [r.personId, r.templateId])).toEqual([[llmeId, template.id]]);
  });

  it('answers by the emailed link without signing in: required answers, types, kept input, twice is one set', async () => {
    const { activity, people, questions } = await scenario();
    await issueDueSurveys(t.db, { today }, deps());
    const token = linkIn((await mailsTo(people[0]!.email))[0]!.textBody)!;
    const url = paths.evaluation.surveys.answer(token);
    const anonymous = new TestClient(t.app);
    const page = await anonymous.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Strongly disagree');
    expect(page.body).toContain('Strongly agree');
    const [agree, role, used, lessons, comments] = questions.map((q) => `q${q.id}`) as string[];

    const refused = await anonymous.submit(url, { [lessons!]: 'lots', [comments!]: 'Kept text' });
    expect(refused.statusCode).toBe(303);
    const back = await anonymous.get(url);
    expect(back.body).toContain('govuk-error-summary');
    expect(back.body).toContain('Select an answer to question 1');
    expect(back.body).toContain('The answer to question 4 must be a number');
    expect(back.body).toContain('Kept text');
    const [inv] = await invitationsOf(activity.id).then((r) => r.filter((x) => x.personId === people[0]!.id));
    expect(inv!.submittedAt).toBeNull();
    expect(await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, inv!.id))).toEqual(
      [],
    );

    const saved = await anonymous.submit(url, {
      [agree!]: '4',
      [role!]: 'Class teacher',
      [used!]: ['Variation', 'Small steps'],
      [lessons!]: '6',
      [comments!]: 'Very useful',
    });
    expect(saved.statusCode).toBe(303);
    const shown = await anonymous.get(url);
    expect(shown.body).toContain('Thank you: your answers have been saved');
    expect(shown.body).toMatch(/value="4" checked/);
    const answers = () => t.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, inv!.id));
    const first = await answers();
    expect(first).toHaveLength(5);
    expect(first.find((a) => a.valueChoices?.length === 2)?.valueChoices).toEqual([
      'Variation',
      'Small steps',
    ]);

    await anonymous.submit(url, { [agree!]: '5', [role!]: 'Subject leader' });
    const second = await answers();
    expect(second).toHaveLength(2); // optional answers left blank are gone; no duplicate rows
    expect(second.find((a) => a.questionId === questions[0]!.id)?.valueNumber).toBe('5');
    const [after] = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, inv!.id));
    expect(after!.submittedAt).toEqual(inv!.submittedAt ?? after!.submittedAt);
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'survey.answered'), eq(eventLog.subjectId, String(inv!.id))));
    expect(logged.map((l) => l.actorPersonId)).toEqual([people[0]!.id, people[0]!.id]);
  });

  it('refuses another person’s link when signed in, an unknown link, and a closed survey, changing nothing', async () => {
    const { activity, people, questions } = await scenario();
    await issueDueSurveys(t.db, { today }, deps());
    const token = linkIn((await mailsTo(people[0]!.email))[0]!.textBody)!;
    const url = paths.evaluation.surveys.answer(token);
    const other = await signedInClient(t.app, t.db, people[1]!.id);
    const page = await other.get(url);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('This survey link is for someone else');
    const posted = await other.submit(
      url,
      { [`q${questions[0]!.id}`]: '3', [`q${questions[1]!.id}`]: 'Class teacher' },
      '/account/password',
    );
    expect(posted.statusCode).toBe(403);
    expect((await invitationsOf(activity.id)).every((i) => i.submittedAt === null)).toBe(true);
    expect(
      (await new TestClient(t.app).get(paths.evaluation.surveys.answer('x'.repeat(32)))).statusCode,
    ).toBe(404);

    // Their own, signed in, from "Your surveys".
    const own = await signedInClient(t.app, t.db, people[0]!.id);
    expect((await own.get('/dashboard')).body).toContain('1 survey to answer');
    const mine = await own.get(paths.evaluation.surveys.mine);
    const [inv] = (await invitationsOf(activity.id)).filter((i) => i.personId === people[0]!.id);
    expect(mine.body).toContain(paths.evaluation.surveys.invitation(inv!.id));
    expect((await other.get(paths.evaluation.surveys.invitation(inv!.id))).statusCode).toBe(403);

    // Closed: read-only, and a post is refused with the reason.
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await t.db
      .update(surveyWindows)
      .set({ opensOn: [startsOn, yesterday].sort()[0]!, closesOn: yesterday })
      .where(and(eq(surveyWindows.yearCode, year), eq(surveyWindows.kind, 'participant_early')));
    try {
      const closed = await own.get(paths.evaluation.surveys.invitation(inv!.id));
      expect(closed.body).toContain('answers can no longer be changed');
      expect(closed.body).not.toContain('data-testid="answer-form"');
      const refused = await own.submit(
        paths.evaluation.surveys.invitation(inv!.id),
        { [`q${questions[0]!.id}`]: '3', [`q${questions[1]!.id}`]: 'Class teacher' },
        '/account/password',
      );
      expect(refused.statusCode).toBe(303);
      expect((await own.get(paths.evaluation.surveys.invitation(inv!.id))).body).toContain(
        'This survey closed on',
      );
      const [still] = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.id, inv!.id));
      expect(still!.submittedAt).toBeNull();
    } finally {
      await t.db
        .update(surveyWindows)
        .set({ opensOn: startsOn, closesOn: endsOn })
        .where(and(eq(surveyWindows.yearCode, year), eq(surveyWindows.kind, 'participant_early')));
    }
  });

  it('shows the lead their activity’s completion and whom to chase; a reminder at most once a day', async () => {
    const { activity, people, questions } = await scenario();
    await issueDueSurveys(t.db, { today }, deps());
    const token = linkIn((await mailsTo(people[0]!.email))[0]!.textBody)!;
    await new TestClient(t.app).submit(paths.evaluation.surveys.answer(token), {
      [`q${questions[0]!.id}`]: '2',
      [`q${questions[1]!.id}`]: 'Class teacher',
    });
    const lead = await signedInClient(t.app, t.db, llmeId);
    const url = paths.evaluation.surveys.activity(activity.id);
    const page = await lead.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-testid="activity-completion"[\s\S]*>2<[\s\S]*>1<[\s\S]*50%/);
    expect(page.body).toContain(`P${ncpN}1 Teacher`);
    expect(page.body).not.toContain(`P${ncpN}0 Teacher`); // answered: not to chase
    const [inv] = (await invitationsOf(activity.id)).filter((i) => i.personId === people[1]!.id);
    const before = (await mailsTo(people[1]!.email)).length;
    const sent = await lead.submit(
      paths.evaluation.surveys.remind(activity.id),
      { invitationId: String(inv!.id) },
      url,
    );
    expect(sent.statusCode).toBe(303);
    const reminded = await lead.get(url);
    expect(reminded.statusCode).toBe(200);
    expect(reminded.body).toContain('The reminder has been sent');
    expect(reminded.body).toContain('Reminded today');
    const mails = await mailsTo(people[1]!.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.subject).toMatch(/^Reminder/);
    // The new link works; the old one no longer does.
    const newToken = linkIn(mails.at(-1)!.textBody)!;
    expect((await new TestClient(t.app).get(paths.evaluation.surveys.answer(newToken))).statusCode).toBe(200);
    await lead.post(paths.evaluation.surveys.remind(activity.id), {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      invitationId: String(inv!.id),
    });
    expect((await lead.get(url)).body).toContain('They have already been reminded today');
    expect(await mailsTo(people[1]!.email)).toHaveLength(before + 1);

    // Hub leadership see their hub's completion; another hub's leadership see neither it nor the activity.
    const hubLead = await signInHubLead(t.app, t.db, hubId);
    const completion = await hubLead.client.get(
      `${paths.evaluation.surveys.completion}?year=${year.replace('/', '-')}`,
    );
    expect(completion.body).toContain(activity.title);
    const otherHub = await makeHub(t.db, { slug: `other-${ncpN}` });
    const other = await signInHubLead(t.app, t.db, otherHub.id);
    expect(
      (await other.client.get(`${paths.evaluation.surveys.completion}?year=${year.replace('/', '-')}`)).body,
    ).not.toContain(activity.title);
    expect((await other.client.get(url)).statusCode).toBe(404);
  });

  it('reminds, once each, those who have not answered 7 days after issue and 3 days before the close', async () => {
    const { activity, people } = await scenario();
    await issueDueSurveys(t.db, { today }, deps());
    const invs = await invitationsOf(activity.id);
    const ids = invs.map((i) => i.id);
    // Issued 8 days ago; one answered.
    await t.db.execute(
      sql`UPDATE survey_invitations SET issued_at = now() - interval '8 days' WHERE id IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    await t.db
      .update(surveyInvitations)
      .set({ submittedAt: sql`now()` })
      .where(eq(surveyInvitations.personId, people[0]!.id));
    const count = async () => (await mailsTo(people[1]!.email)).length;
    const start = await count();
    await remindDueSurveys(t.db, { today }, deps());
    expect(await count()).toBe(start + 1);
    expect(await mailsTo(people[0]!.email)).toHaveLength(1); // answered: never reminded
    await remindDueSurveys(t.db, { today }, deps());
    expect(await count()).toBe(start + 1); // no double send
    // Three days before the close (the reminder above was 5 days ago): one more, once.
    await t.db
      .update(surveyInvitations)
      .set({ remindedAt: sql`now() - interval '5 days'` })
      .where(eq(surveyInvitations.personId, people[1]!.id));
    const inThreeDays = new Date(Date.parse(`${today}T12:00:00Z`) + 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const early = and(eq(surveyWindows.yearCode, year), eq(surveyWindows.kind, 'participant_early'));
    await t.db.update(surveyWindows).set({ closesOn: inThreeDays }).where(early);
    try {
      const { reminded } = await remindDueSurveys(t.db, { today }, deps(), systemActor('test'));
      expect(reminded).toBeGreaterThanOrEqual(1);
      expect(await count()).toBe(start + 2);
      await remindDueSurveys(t.db, { today }, deps());
      expect(await count()).toBe(start + 2);
    } finally {
      await t.db.update(surveyWindows).set({ closesOn: endsOn }).where(early);
    }
  });

  it('gives a person their surveys and answers, erases their free text only, and merges invitations', async () => {
    const { activity, people, questions } = await scenario();
    await issueDueSurveys(t.db, { today }, deps());
    const token = linkIn((await mailsTo(people[0]!.email))[0]!.textBody)!;
    await new TestClient(t.app).submit(paths.evaluation.surveys.answer(token), {
      [`q${questions[0]!.id}`]: '5',
      [`q${questions[1]!.id}`]: 'Class teacher',
      [`q${questions[4]!.id}`]: 'My own words',
    });
    const data = await collectPersonalData(t.db, people[0]!.id);
    const answers = data.sections.find((s) => s.key === 'surveyAnswers')!;
    expect(answers.rows.map((r) => r.answer)).toContain('My own words');
    expect(data.sections.find((s) => s.key === 'surveyInvitations')!.rows).toHaveLength(1);

    await erasePerson(t.db, systemActor('test'), { personId: people[0]!.id, reason: 'Request' });
    const [inv] = (await invitationsOf(activity.id)).filter((i) => i.personId === people[0]!.id);
    const left = await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, inv!.id));
    expect(left).toHaveLength(2);
    expect(left.every((a) => a.valueText === null)).toBe(true);

    // B (a duplicate of people[1], also invited to the same activity's survey) merged into people[1].
    const b = await makePerson(t.db, [{ role: 'participant', hubId }]);
    const [bInv] = await t.db
      .insert(surveyInvitations)
      .values({
        ...inv!,
        id: undefined,
        personId: b.id,
        tokenHash: 'b-hash',
        submittedAt: sql`now()`,
      } as never)
      .returning();
    await mergePeople(t.db, personActor(llmeId), { keepPersonId: people[1]!.id, mergePersonId: b.id });
    const after = (await invitationsOf(activity.id)).filter((i) => i.personId === people[1]!.id);
    expect(after.map((i) => i.id)).toEqual([bInv!.id]); // the answered one is kept, one per activity and kind
    expect(await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.personId, b.id))).toEqual(
      [],
    );
  });
});
