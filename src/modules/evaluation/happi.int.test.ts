import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  csrfFor,
  type SignedIn,
  signInHubLead,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { happiEntries, happiForms } from './happi-schema.ts';

/** HAPPI forms end to end (issue 15): plan, review, return, resubmit, accept; scope; the national list. */
describe('HAPPI forms', () => {
  let t: TestContext;
  let hubLead: SignedIn;
  let otherLead: SignedIn;
  let analyst: SignedIn;
  let llme: Awaited<ReturnType<typeof signedInClient>>;
  let otherLlme: Awaited<ReturnType<typeof signedInClient>>;
  let activityId: number;
  let hubId: number;
  const year = '2023/24';

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { slug: 'happi-hub', name: 'Happi Maths Hub' });
    const other = await makeHub(t.db, { slug: 'other-happi-hub', name: 'Other Maths Hub' });
    hubId = hub.id;
    hubLead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, other.id);
    analyst = await signInNationalAnalyst(t.app, t.db);
    const lead = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Lena',
      familyName: 'Lead',
    });
    const notLead = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    llme = await signedInClient(t.app, t.db, lead.id);
    otherLlme = await signedInClient(t.app, t.db, notLead.id);
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      code: 'NCP23-09',
      title: 'Primary Teaching for Mastery',
      sections: {
        outcomes: {
          pupilOutcomes: '· Pupils’ engagement, confidence and progress improves',
          professionalLearning: '· Deepen subject knowledge;\n· Deepen understanding of Teaching for Mastery',
        },
      },
    });
    activityId = (
      await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: year, title: 'Fractions WG' })
    ).id;
    await addLead(t.db, activityId, lead.id);
  });
  afterAll(() => t.close());

  const form = async () =>
    (await t.db.select().from(happiForms).where(eq(happiForms.activityId, activityId)))[0];
  const formUrl = () => paths.evaluation.happi.form(activityId);

  it('is opened from the activity page and suggests the NCP’s outcomes under the two lenses', async () => {
    const activity = await llme.get(paths.activity.show(activityId));
    expect(activity.body).toContain(`href="${formUrl()}"`);
    const page = await llme.get(formUrl());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('31 October 2023');
    expect(page.body).toContain('15 July 2024');
    const plan = await llme.get(paths.evaluation.happi.plan(activityId));
    expect(plan.statusCode).toBe(200);
    expect(plan.body).toContain('Pupils’ engagement, confidence and progress improves');
    expect(plan.body).toContain('Deepen subject knowledge<');
    expect(plan.body).toContain('name="version" value="0"');
    expect(await form()).toBeUndefined();
  });

  it('refuses bad input with a message, keeping it, and changing nothing', async () => {
    const url = paths.evaluation.happi.plan(activityId);
    const refused = await llme.submit(url, {
      'outcome-o1': 'Kept text',
      'lens-o1': 'pupils',
      methods: 'other',
    });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(url);
    const again = await llme.get(url);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('Describe the other data collection methods');
    expect(again.body).toContain('Kept text');
    expect(again.body).toMatch(/value="other" checked/);
    expect(await form()).toBeUndefined();
  });

  it('walks the plan through submission, return with comments, resubmission and acceptance', async () => {
    const url = paths.evaluation.happi.plan(activityId);
    const saved = await llme.submit(url, {
      'outcome-o1': 'Pupils explain their reasoning about fractions',
      'lens-o1': 'pupils',
      'outcome-o2': '',
      'lens-o2': 'practice',
      'new-practice-1': 'Teachers plan small coherent steps',
      methods: ['national_surveys', 'visits'],
      methodsNotes: 'Visits in the spring term',
    });
    expect(saved.statusCode).toBe(303);
    let f = (await form())!;
    expect(f.outcomes.map((o) => [o.lens, o.text])).toEqual([
      ['pupils', 'Pupils explain their reasoning about fractions'],
      ['practice', 'Teachers plan small coherent steps'],
    ]);
    expect(f.methods).toEqual(['national_surveys', 'visits']);

    // A stale save (made from version 0 after the form exists) is refused, showing both versions.
    const stale = await llme.post(url, {
      version: '0',
      'new-pupils-1': 'Lost?',
      _csrf: await llme.csrfFrom(url),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Your changes have not been saved');
    expect((await form())!.outcomes).toHaveLength(2);

    // Progress updates, newest first.
    await llme.submit(
      paths.evaluation.happi.progress(activityId),
      { progress: 'First session held' },
      formUrl(),
    );
    await llme.submit(
      paths.evaluation.happi.progress(activityId),
      { progress: 'Second session held' },
      formUrl(),
    );
    const withProgress = await llme.get(formUrl());
    expect(withProgress.body.indexOf('Second session held')).toBeLessThan(
      withProgress.body.indexOf('First session held'),
    );

    // Hub leadership cannot review a draft; the lead submits.
    expect((await llme.submit(paths.evaluation.happi.submit(activityId), {}, formUrl())).statusCode).toBe(
      303,
    );
    f = (await form())!;
    expect([f.section, f.status]).toEqual(['plan', 'submitted']);
    // On the hub's to-do list: one form to review, linked.
    const toDo = (await hubLead.client.get(paths.dashboard)).body;
    expect(toDo).toContain('data-kind="happi_to_review"');
    expect(toDo).toContain(`href="${formUrl()}">1 HAPPI form to review`);
    expect(f.planSubmittedAt).not.toBeNull();
    // Submitted: no longer editable by the lead.
    const locked = await llme.post(url, {
      version: String(f.version),
      _csrf: await llme.csrfFrom(formUrl()),
    });
    expect(locked.statusCode).toBe(303);
    expect((await form())!.version).toBe(f.version);

    // Another hub's leadership: not found; an LLME who does not lead it: not found.
    expect((await otherLead.client.get(formUrl())).statusCode).toBe(404);
    expect((await otherLlme.get(formUrl())).statusCode).toBe(404);
    const csrf = await csrfFor(t.app, t.db, '/account/password', otherLead.client);
    const foreign = await otherLead.client.post(paths.evaluation.happi.review(activityId), {
      _csrf: csrf,
      version: String(f.version),
      decision: 'accept',
    });
    expect(foreign.statusCode).toBe(404);

    // Returning needs comments.
    const reviewUrl = paths.evaluation.happi.review(activityId);
    await hubLead.client.submit(reviewUrl, { decision: 'return' }, formUrl());
    expect((await hubLead.client.get(formUrl())).body).toContain('Enter comments saying what to change');
    expect((await form())!.status).toBe('submitted');
    await hubLead.client.submit(
      reviewUrl,
      { decision: 'return', comments: 'Add an outcome about pupils’ attitudes' },
      formUrl(),
    );
    f = (await form())!;
    expect(f.status).toBe('returned');

    // The lead sees the comments, edits and resubmits.
    expect((await llme.get(paths.dashboard)).body).toContain(`href="${formUrl()}">1 HAPPI form to write`);
    expect((await hubLead.client.get(paths.dashboard)).body).not.toContain('happi_to_review');
    const returned = await llme.get(formUrl());
    expect(returned.body).toContain('Add an outcome about pupils’ attitudes');
    await llme.submit(url, {
      'outcome-o1': 'Pupils explain their reasoning about fractions',
      'lens-o1': 'pupils',
      'outcome-o3': 'Teachers plan small coherent steps',
      'lens-o3': 'practice',
      'new-pupils-1': 'Pupils enjoy mathematics more',
      methods: ['national_surveys', 'visits'],
    });
    expect((await form())!.outcomes).toHaveLength(3);
    await llme.submit(paths.evaluation.happi.submit(activityId), {}, formUrl());
    expect((await form())!.status).toBe('submitted');
    await hubLead.client.submit(reviewUrl, { decision: 'accept' }, formUrl());
    f = (await form())!;
    expect([f.section, f.status]).toEqual(['impact', 'draft']);

    // The history keeps who, when and the comments.
    const entries = await t.db.select().from(happiEntries).where(eq(happiEntries.formId, f.id));
    expect(entries.map((e) => e.kind).sort()).toEqual([
      'accepted',
      'progress',
      'progress',
      'returned',
      'submitted',
      'submitted',
    ]);
    expect(entries.find((e) => e.kind === 'returned')!.personId).toBe(hubLead.personId);
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(activityId)));
    expect(logged.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'happi.plan_saved',
        'happi.submitted',
        'happi.returned',
        'happi.accepted',
        'happi.progress_added',
      ]),
    );
  });

  it('takes evidence of impact with links, then the impact is submitted and accepted', async () => {
    const url = paths.evaluation.happi.impact(activityId);
    const f = (await form())!;
    const [o1, o2, o3] = f.outcomes;
    const bad = await llme.submit(url, {
      [`evidence-${o1!.key}`]: 'Survey',
      [`links-${o1!.key}`]: 'javascript:alert(1)',
    });
    expect(bad.headers.location).toBe(url);
    expect((await llme.get(url)).body).toContain('each link must be an address on the platform');
    await llme.submit(url, {
      [`evidence-${o1!.key}`]: 'Summer survey: 80% agree',
      [`links-${o1!.key}`]: '/evaluation/surveys\nhttps://example.org/case-study',
      [`evidence-${o2!.key}`]: 'Lesson visits',
      [`evidence-${o3!.key}`]: 'Pupil voice',
    });
    const after = (await form())!;
    expect(after.outcomes[0]!.links).toEqual(['/evaluation/surveys', 'https://example.org/case-study']);
    // Files as evidence: checked by content, not name; a PDF is shown, anything else downloaded.
    const pdf = Buffer.from('%PDF-1.4\n% evidence\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const fake = await llme.upload(
      url,
      { outcomeKey: o1!.key },
      { name: 'report.pdf', bytes: Buffer.from('<script>alert(1)</script>') },
    );
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('govuk-error-summary');
    expect(fake.body).toContain('report.pdf is not a kind of file that can be uploaded here');
    const noFile = await llme.upload(url, { outcomeKey: o1!.key }, { name: '', bytes: Buffer.alloc(0) });
    expect(noFile.body).toContain('Select a file to upload');
    const notLeadsUpload = await otherLlme.get(url);
    expect(notLeadsUpload.statusCode).toBe(404); // an LLME who does not lead it does not see the activity
    const added = await llme.upload(
      url,
      { outcomeKey: o1!.key },
      { name: 'Summer survey “results”.pdf', bytes: pdf },
    );
    expect(added.statusCode).toBe(303);
    const csv = await llme.upload(
      url,
      { outcomeKey: o2!.key },
      { name: 'visits.csv', bytes: Buffer.from('school,visits\nAcorn,3\n') },
    );
    expect(csv.statusCode).toBe(303);
    const withFiles = await llme.get(formUrl());
    const hrefs = [...withFiles.body.matchAll(/href="(\/activities\/\d+\/happi\/files\/\d+)"/g)].map(
      (m) => m[1]!,
    );
    expect(hrefs).toHaveLength(2);
    const shown = await hubLead.client.get(hrefs[0]!);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('application/pdf');
    expect(shown.headers['content-disposition']).toMatch(/^inline; filename="Summer survey _results_.pdf"/);
    expect(shown.rawPayload.equals(pdf)).toBe(true);
    const downloaded = await analyst.client.get(hrefs[1]!);
    expect(downloaded.headers['content-disposition']).toMatch(/^attachment; filename="visits.csv"/);
    expect((await otherLead.client.get(hrefs[0]!)).statusCode).toBe(404);
    // Removing asks first.
    const fileId = hrefs[1]!.split('/').pop()!;
    const ask = await llme.get(paths.evaluation.happi.removeFile(activityId, fileId));
    expect(ask.body).toContain('Remove visits.csv from the evidence?');
    await llme.submit(paths.evaluation.happi.removeFile(activityId, fileId), {});
    expect((await llme.get(hrefs[1]!)).statusCode).toBe(404);
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(activityId)));
    expect(logged.map((e) => e.action)).toEqual(
      expect.arrayContaining(['happi.file_added', 'happi.file_removed']),
    );
    await llme.submit(paths.evaluation.happi.submit(activityId), {}, formUrl());
    expect((await form())!.status).toBe('submitted');
    await hubLead.client.submit(
      paths.evaluation.happi.review(activityId),
      { decision: 'accept', comments: 'Well evidenced' },
      formUrl(),
    );
    expect([(await form())!.section, (await form())!.status]).toEqual(['impact', 'accepted']);
  });

  it('lists every form per NCP for the national team, filtered, and downloads it', async () => {
    const list = await analyst.client.get(
      `${paths.evaluation.happi.list}?year=2023-24&state=impact_accepted&ncp=NCP23-09`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Fractions WG');
    expect(list.body).toContain('Impact accepted');
    const none = await analyst.client.get(`${paths.evaluation.happi.list}?year=2023-24&state=plan_draft`);
    expect(none.body).not.toContain('Fractions WG');
    const csv = await analyst.client.get(`${paths.evaluation.happi.list}?year=2023-24&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Pupils enjoy mathematics more');
    expect(csv.body).toContain('Summer survey: 80% agree');
    const xlsx = await analyst.client.get(`${paths.evaluation.happi.list}?year=2023-24&format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const pdf = await analyst.client.get(`${formUrl()}?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Another hub's leadership see only their hub's list.
    const theirs = await otherLead.client.get(`${paths.evaluation.happi.list}?year=2023-24`);
    expect(theirs.body).not.toContain('Fractions WG');
    expect((await hubLead.client.get(`${paths.evaluation.happi.list}?year=2023-24`)).body).toContain(
      'Fractions WG',
    );
    expect(hubId).toBeGreaterThan(0);
  });
});
