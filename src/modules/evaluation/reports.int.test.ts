import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { evaluationReportActions, evaluationReports } from './report-schema.ts';
import { reportSummary } from './report-summary.ts';

const r = paths.evaluation.reports;

/** Evaluation reports (issue 15): written, published, implications followed up as actions, searched. */
describe('evaluation reports: evidence into practice', () => {
  let t: TestContext;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let analyst: SignedIn;
  let admin: SignedIn;
  let hubId: number;
  let llmeId: number;
  let llme: Awaited<ReturnType<typeof signedInClient>>;
  let otherLlme: Awaited<ReturnType<typeof signedInClient>>;

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { name: 'Thames Estuary Maths Hub' });
    const other = await makeHub(t.db, { name: 'Pennine Maths Hub' });
    hubId = hub.id;
    await makeNcp(t.db, { yearCode: '2023/24', code: 'NCP23-14', title: 'SKTM Primary ECTs' });
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, other.id);
    analyst = await signInNationalAnalyst(t.app, t.db);
    admin = await signInNationalAdmin(t.app, t.db);
    const person = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
      givenName: 'Wendy',
      familyName: 'Grouplead',
    });
    llmeId = person.id;
    llme = await signedInClient(t.app, t.db, person.id);
    const another = await makePerson(t.db, [{ role: 'llme', hubId: other.id }]);
    otherLlme = await signedInClient(t.app, t.db, another.id);
  });
  afterAll(() => t.close());

  const themeFields = {
    questionCount: '2',
    'question-0': 'Do ECTs have a clear picture of progression from Phase 1 to Phase 2?',
    'question-1': 'What supports recruitment to SKTM programmes?',
    context: 'The hub runs one SKTM ECT Work Group per local authority.',
    activityAndData: 'Sessions visited; feedback from every ECT, written and spoken.',
    themeCount: '2',
    'theme-0-finding':
      'Recruitment was high but fewer than 25% of participants moved from Phase 1 to Phase 2.',
    'theme-0-implicationCount': '2',
    'theme-0-implication-0': 'When recruiting, register participants for both years.',
    'theme-0-implication-1': 'Retain local authority involvement with recruiting across both years.',
    'theme-1-finding': 'Participants felt their mentors were not aware of what they were doing.',
    'theme-1-implicationCount': '1',
    'theme-1-implication-0': 'Collect mentor details on registration forms.',
    evidenceCount: '2',
    'evidence-0-kind': 'survey_results',
    'evidence-0-label': 'Summer survey results',
    'evidence-0-address': '/evaluation/surveys',
    'evidence-1-kind': 'other',
    'evidence-1-label': 'ECF framework',
    'evidence-1-address': 'https://www.gov.uk/government/publications/early-career-framework',
    conclusion: 'The hub will make the commitment and CPD pathway clear at session 1.',
  };
  const owned = (owner: number, day: string) => ({
    owner: String(owner),
    'due-day': day,
    'due-month': '3',
    'due-year': '2025',
  });
  const withOwners = (ownerA: number, ownerB: number) => {
    const out: Record<string, string> = {};
    for (const [name, o] of [
      ['theme-0-implication-0', owned(ownerA, '14')],
      ['theme-0-implication-1', owned(ownerB, '21')],
      ['theme-1-implication-0', owned(ownerA, '28')],
    ] as const)
      for (const [k, v] of Object.entries(o)) out[`${name}-${k}`] = v;
    return out;
  };

  let reportId = 0;

  it('keeps the input and says what is wrong when a report is refused; nothing is saved', async () => {
    const formUrl = `${r.new}?hub=${hubId}`;
    const refused = await lead.client.submit(
      r.new,
      {
        hub: String(hubId),
        title: '',
        yearCode: '2023/24',
        ...themeFields,
        'evidence-1-address': 'http://insecure.example.org/report',
        'theme-1-implication-0-due-day': '31',
        'theme-1-implication-0-due-month': '2',
        'theme-1-implication-0-due-year': '2025',
      },
      formUrl,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('Enter the report’s title');
    expect(refused.body).toContain('a link to another site must start with https://');
    expect(refused.body).toContain('Theme 2, implication 1: The due date must be a real date');
    // Everything typed is still there.
    expect(refused.body).toContain('Recruitment was high but fewer than 25% of participants');
    expect(refused.body).toContain('value="http://insecure.example.org/report"');
    expect(await t.db.select().from(evaluationReports)).toEqual([]);
  });

  it('adds another row without JavaScript, keeping what was typed', async () => {
    const page = await lead.client.submit(
      r.new,
      { hub: String(hubId), title: 'Half-written', yearCode: '2023/24', ...themeFields, add: 'theme' },
      `${r.new}?hub=${hubId}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="theme-2-finding"');
    expect(page.body).toContain('Participants felt their mentors were not aware');
    expect(page.body).toContain('value="Half-written"');
    const more = await lead.client.submit(
      r.new,
      {
        hub: String(hubId),
        title: 'Half-written',
        yearCode: '2023/24',
        ...themeFields,
        add: 'implication-1',
      },
      `${r.new}?hub=${hubId}`,
    );
    expect(more.body).toContain('name="theme-1-implication-1"');
    expect(await t.db.select().from(evaluationReports)).toEqual([]);
  });

  it('hub leadership write a report with two themes and their implications, with owners, and publish it', async () => {
    const form = await lead.client.get(`${r.new}?hub=${hubId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Wendy Grouplead'); // an owner and a co-author to choose
    const saved = await lead.client.submit(
      r.new,
      {
        hub: String(hubId),
        title: 'SKTM ECT Work Groups: evaluation in residence',
        yearCode: '2023/24',
        ncpKey: '14',
        coauthors: String(llmeId),
        ...themeFields,
        ...withOwners(llmeId, lead.personId),
      },
      `${r.new}?hub=${hubId}`,
    );
    expect(saved.statusCode).toBe(303);
    const [report] = await t.db.select().from(evaluationReports);
    reportId = report!.id;
    expect(report).toMatchObject({ hubId, ncpKey: '14', status: 'draft', yearCode: '2023/24' });
    expect(report!.researchQuestions).toHaveLength(2);

    const page = await lead.client.get(r.show(reportId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Co-authors: Wendy Grouplead');
    expect(page.body).toContain('When recruiting, register participants for both years.');
    expect(page.body).toContain('href="https://www.gov.uk/government/publications/early-career-framework"');

    // Drafts: the hub's leadership and the national team only; another hub's leadership: not found.
    expect((await otherLead.client.get(r.show(reportId))).statusCode).toBe(404);
    expect((await analyst.client.get(r.show(reportId))).statusCode).toBe(200);
    expect((await otherLead.client.get(r.edit(reportId))).statusCode).toBe(404);
    const list = await otherLead.client.get(r.list);
    expect(list.body).not.toContain('SKTM ECT Work Groups');

    const publishPage = await lead.client.get(r.publish(reportId));
    expect(publishPage.body).toContain('3 implications become actions');
    const published = await lead.client.submit(r.publish(reportId), {});
    expect(published.statusCode).toBe(303);
    const actions = await t.db
      .select()
      .from(evaluationReportActions)
      .where(eq(evaluationReportActions.reportId, reportId))
      .orderBy(evaluationReportActions.id);
    expect(actions.map((a) => [a.ownerPersonId, a.status, a.dueOn])).toEqual([
      [llmeId, 'open', '2025-03-14'],
      [lead.personId, 'open', '2025-03-21'],
      [llmeId, 'open', '2025-03-28'],
    ]);
    const [logged] = await eventsAbout(t.db, 'evaluation_report', reportId);
    expect(logged).toMatchObject({ action: 'evaluation_report.published', actorPersonId: lead.personId });

    // Published: shared with every hub's leadership; no longer changes.
    expect((await otherLead.client.get(r.show(reportId))).statusCode).toBe(200);
    const again = await lead.client.get(r.edit(reportId));
    expect(again.statusCode).toBe(303);
    const summary = await reportSummary(t.db, { hubId, yearCode: '2023/24' });
    expect(summary).toEqual({
      reports: { draft: 0, published: 1 },
      actions: { open: 3, inProgress: 0, done: 0 },
    });
  });

  it('an owner sees their actions and closes one with a note; others may not', async () => {
    // The owner's home page says what is to follow up, and links to their list.
    const home = await llme.get(paths.dashboard);
    expect(home.body).toContain('2 actions from evaluation reports to follow up');
    expect(home.body).toContain(`href="${r.actions}"`);
    const mine = await llme.get(r.actions);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('When recruiting, register participants for both years.');
    expect(mine.body).toContain('Collect mentor details on registration forms.');
    expect(mine.body).not.toContain('Retain local authority involvement');
    const [first] = await t.db
      .select()
      .from(evaluationReportActions)
      .where(eq(evaluationReportActions.ownerPersonId, llmeId))
      .orderBy(evaluationReportActions.id);
    const id = first!.id;

    // Another hub's LLME: not found; the national analyst reads but does not change it.
    expect((await otherLlme.get(r.action(id))).statusCode).toBe(404);
    expect((await analyst.client.get(r.action(id))).body).not.toContain('follow-up-form');

    const noNote = await llme.submit(r.action(id), { status: 'done', closingNote: '' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('Say what was done to close the action');
    const progress = await llme.submit(r.action(id), { status: 'in_progress', closingNote: '' });
    expect(progress.statusCode).toBe(303);
    const done = await llme.submit(r.action(id), {
      status: 'done',
      closingNote: 'Registration form now registers participants for both phases.',
    });
    expect(done.statusCode).toBe(303);
    const [closed] = await t.db
      .select()
      .from(evaluationReportActions)
      .where(eq(evaluationReportActions.id, id));
    expect(closed).toMatchObject({
      status: 'done',
      closingNote: 'Registration form now registers participants for both phases.',
    });
    expect(closed!.closedAt).not.toBeNull();
    const [logged] = await eventsAbout(t.db, 'evaluation_action', id);
    expect(logged).toMatchObject({ action: 'evaluation_action.updated', actorPersonId: llmeId });
    expect(logged!.changes).toMatchObject({ status: ['in_progress', 'done'] });
    // Done is final.
    const reopen = await llme.submit(
      r.action(id),
      { status: 'open', closingNote: '', version: String(closed!.version) },
      paths.account,
    );
    expect(reopen.statusCode).toBe(409);
    expect(reopen.body).toContain('This action is done: it can no longer change');
    const summary = await reportSummary(t.db, { ncpKey: '14', yearCode: '2023/24' });
    expect(summary.actions).toEqual({ open: 2, inProgress: 0, done: 1 });
  });

  it('the national team searches the themes across hubs, with filters', async () => {
    const found = await analyst.client.get(`${r.search}?q=${encodeURIComponent('mentors')}`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('1 theme found');
    expect(found.body).toContain('Participants felt their mentors were not aware');
    expect(found.body).toContain('SKTM ECT Work Groups: evaluation in residence');
    // An implication's words find its theme too (English stemming: "registering" finds "register").
    const byImplication = await analyst.client.get(`${r.search}?q=registering+both+years`);
    expect(byImplication.body).toContain('Recruitment was high but fewer than 25%');
    const otherYear = await analyst.client.get(`${r.search}?q=mentors&year=2022-23`);
    expect(otherYear.body).toContain('No theme matches');
    const otherHub = await analyst.client.get(`${r.search}?q=mentors&hub=${hubId + 1}`);
    expect(otherHub.body).toContain('No theme matches');
  });

  it('keeps a draft safe from lost writes', async () => {
    const saved = await admin.client.submit(
      r.new,
      { hub: 'national', title: 'National SKTM review', yearCode: '2023/24', ncpKey: '14' },
      `${r.new}?hub=national`,
    );
    expect(saved.statusCode).toBe(303);
    const id = Number(String(saved.headers.location).split('/').pop());
    const edit = r.edit(id);
    const form = await admin.client.get(edit);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const first = await admin.client.post(edit, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!,
      version,
      title: 'First save',
      yearCode: '2023/24',
      ncpKey: '14',
      hub: 'national',
    });
    expect(first.statusCode).toBe(303);
    const second = await admin.client.submit(edit, {
      version,
      title: 'Second save from the old form',
      yearCode: '2023/24',
      ncpKey: '14',
      hub: 'national',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this report');
    expect(second.body).toContain('value="Second save from the old form"');
    const [row] = await t.db.select().from(evaluationReports).where(eq(evaluationReports.id, id));
    expect(row!.title).toBe('First save');
    // Hub leadership do not write national reports, nor read their drafts.
    expect((await lead.client.get(r.show(id))).statusCode).toBe(404);
  });
});
