import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { dayFromToday } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { schoolVisitActions, schoolVisits, schoolVisitVisitors } from './visit-schema.ts';

/** Records of visits to schools and their coverage across year groups (issue 15). */
describe('records of visits to schools', () => {
  let t: TestContext;
  let hubLead: SignedIn;
  let otherHubLead: SignedIn;
  let analyst: SignedIn;
  let lead: Awaited<ReturnType<typeof signedInClient>>;
  let leadId: number;
  let coLeadId: number;
  let hubId: number;
  let laCode: string;
  const year = academicYearOf(todayInEngland());
  const today = todayInEngland();
  const { startsOn } = academicYearBounds(year);
  const parts = (iso: string, prefix = 'visitedOn') => {
    const [y, m, d] = iso.split('-');
    return {
      [`${prefix}-day`]: String(Number(d)),
      [`${prefix}-month`]: String(Number(m)),
      [`${prefix}-year`]: y!,
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db, { name: 'Visitshire' });
    laCode = la.code;
    const hub = await makeHub(t.db, { slug: 'visits-hub', name: 'Visits Maths Hub' }, [{ laCode }]);
    const other = await makeHub(t.db, { slug: 'elsewhere-visits-hub', name: 'Elsewhere Maths Hub' });
    hubId = hub.id;
    hubLead = await signInHubLead(t.app, t.db, hub.id);
    otherHubLead = await signInHubLead(t.app, t.db, other.id);
    analyst = await signInNationalAnalyst(t.app, t.db);
    const person = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Lena',
      familyName: 'Lead',
    });
    leadId = person.id;
    lead = await signedInClient(t.app, t.db, person.id);
    coLeadId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Colin', familyName: 'Colead' })
    ).id;
  });
  afterAll(() => t.close());

  /** A primary activity of this year led by the LLME and a co-lead, with two schools (and one school outside it). */
  async function scenario(title = 'Visits WG') {
    const ncp = await makeNcp(t.db, { yearCode: year, phases: ['primary'] });
    const activity = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode: year, title });
    await addLead(t.db, activity.id, leadId);
    await addLead(t.db, activity.id, coLeadId);
    const acorn = await makeSchool(t.db, { laCode, name: 'Acorn Primary School' });
    const birch = await makeSchool(t.db, { laCode, name: 'Birch Primary School' });
    const outside = await makeSchool(t.db, { laCode, name: 'Cedar Primary School' });
    await addSchool(t.db, activity.id, acorn.urn);
    await addSchool(t.db, activity.id, birch.urn);
    return { activity, acorn, birch, outside };
  }
  const visitsOf = (activityId: number) =>
    t.db.select().from(schoolVisits).where(eq(schoolVisits.activityId, activityId));
  const form = (urn: number, extra: Record<string, string | string[]> = {}) => ({
    ...parts(today),
    schoolUrn: String(urn),
    visitorIds: [String(leadId)],
    yearGroups: ['Year 3', 'Year 4'],
    classesSeen: '3B and 4M',
    focus: 'Fluency in multiplication facts',
    notes: 'Strong use of stem sentences.',
    ...extra,
  });

  it('records a visit from the page with an agreed action, shows it and logs it by ids', async () => {
    const { activity, acorn } = await scenario();
    const show = await lead.get(paths.activity.show(activity.id));
    expect(show.body).toContain(`href="${paths.evaluation.visits.list(activity.id)}"`);
    const formUrl = paths.evaluation.visits.record(activity.id);
    const page = await lead.get(formUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Acorn Primary School');
    expect(page.body).toContain('Colin Colead');
    expect(page.body).toContain('Reception');
    const done = await lead.submit(
      formUrl,
      form(acorn.urn, {
        visitorIds: [String(leadId), String(coLeadId)],
        action1What: 'Share the fluency plan with staff',
        action1Owner: 'other',
        action1OwnerText: 'Subject leader',
        ...parts(dayFromToday(30), 'action1Due'),
        action2What: 'Model a lesson in Year 4',
        action2Owner: String(coLeadId),
        ...parts(dayFromToday(14), 'action2Due'),
      }),
    );
    expect(done.statusCode).toBe(303);
    const [visit] = await visitsOf(activity.id);
    expect(done.headers.location).toBe(paths.evaluation.visits.show(activity.id, visit!.id));
    expect(visit).toMatchObject({
      schoolUrn: acorn.urn,
      visitedOn: today,
      yearGroups: ['Year 3', 'Year 4'],
      recordedByPersonId: leadId,
      hubId,
    });
    const visitors = await t.db
      .select()
      .from(schoolVisitVisitors)
      .where(eq(schoolVisitVisitors.visitId, visit!.id));
    expect(visitors.map((v) => v.personId).sort()).toEqual([leadId, coLeadId].sort());
    const actions = await t.db
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.visitId, visit!.id));
    expect(actions.map((a) => [a.description, a.ownerText, a.ownerPersonId, a.status])).toEqual([
      ['Share the fluency plan with staff', 'Subject leader', null, 'open'],
      ['Model a lesson in Year 4', null, coLeadId, 'open'],
    ]);
    const visitPage = await lead.get(done.headers.location as string);
    expect(visitPage.body).toContain('Fluency in multiplication facts');
    expect(visitPage.body).toContain('Subject leader');
    expect(visitPage.body).toContain('Colin Colead');
    const [logged] = await eventsAbout(t.db, 'school_visit', visit!.id);
    expect(logged).toMatchObject({ action: 'visit.recorded', actorPersonId: leadId, hubId });
    expect(logged!.changes).toEqual({
      activityId: activity.id,
      schoolUrn: acorn.urn,
      visitedOn: today,
      visitorIds: [leadId, coLeadId],
      yearGroups: ['Year 3', 'Year 4'],
      actions: 2,
    });
    expect(JSON.stringify(logged!.changes)).not.toContain('Subject leader');
  });

  it('refuses a future date, a school not in the activity and a missing focus, keeping the input and writing nothing', async () => {
    const { activity, outside } = await scenario();
    const formUrl = paths.evaluation.visits.record(activity.id);
    const refused = await lead.submit(formUrl, form(outside.urn, { ...parts(dayFromToday(1)), focus: '' }));
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(formUrl);
    let again = await lead.get(formUrl);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('Enter the focus of the visit');
    expect(again.body).toContain('3B and 4M');
    // Long notes come back whole (not cut at 500 characters).
    const longNotes = `${'Pupils reasoned aloud with stem sentences. '.repeat(70)}The end of the notes.`;
    await lead.submit(formUrl, form(outside.urn, { ...parts(dayFromToday(1)), notes: longNotes }));
    again = await lead.get(formUrl);
    expect(longNotes.length).toBeGreaterThan(2_500);
    expect(again.body).toContain('The end of the notes.');
    await lead.submit(formUrl, form(outside.urn, parts(dayFromToday(1))));
    again = await lead.get(formUrl);
    expect(again.body).toContain('The date of the visit must be today or in the past');
    expect(again.body).toContain('Choose one of the activity’s schools');
    expect(again.body).toContain('Strong use of stem sentences.');
    expect(again.body).toMatch(/value="Year 3" checked/);
    // A half-filled action, and someone who does not lead the activity as a visitor.
    const stranger = await makePerson(t.db, [{ role: 'llme', hubId }]);
    await lead.submit(
      formUrl,
      form(outside.urn, { ...parts(today), visitorIds: [String(stranger.id)], action1Owner: String(leadId) }),
    );
    again = await lead.get(formUrl);
    expect(again.body).toContain('Enter what was agreed (action 1)');
    expect(await visitsOf(activity.id)).toEqual([]);
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.subjectType, 'school_visit'));
    expect(logged.filter((e) => (e.changes as { activityId?: number }).activityId === activity.id)).toEqual(
      [],
    );
  });

  it('refuses a date outside the activity’s year and a second visit to a school on the same day', async () => {
    const { activity, acorn } = await scenario();
    const formUrl = paths.evaluation.visits.record(activity.id);
    const before = `${Number(year.slice(0, 4))}-08-31`;
    await lead.submit(formUrl, form(acorn.urn, parts(before)));
    const page = await lead.get(formUrl);
    expect(page.body).toContain(`The date of the visit must be in the activity’s year, ${year}`);
    expect((await lead.submit(formUrl, form(acorn.urn))).statusCode).toBe(303);
    expect(await visitsOf(activity.id)).toHaveLength(1);
    await lead.submit(formUrl, form(acorn.urn, { focus: 'Another focus' }));
    const twice = await lead.get(formUrl);
    expect(twice.body).toContain('is already recorded for this activity');
    expect(await visitsOf(activity.id)).toHaveLength(1);
  });

  it('counts the coverage of each school across year groups, showing the gaps', async () => {
    const { activity, acorn, birch } = await scenario();
    const formUrl = paths.evaluation.visits.record(activity.id);
    await lead.submit(formUrl, form(acorn.urn, { ...parts(startsOn), yearGroups: ['Year 3', 'Year 4'] }));
    await lead.submit(formUrl, form(acorn.urn, { yearGroups: ['Year 4', 'Year 5'] }));
    expect(await visitsOf(activity.id)).toHaveLength(2);
    const page = await lead.get(paths.evaluation.visits.coverage(activity.id));
    expect(page.statusCode).toBe(200);
    const row = (urn: number) =>
      new RegExp(`data-testid="coverage-${urn}">([\\s\\S]*?)</tr>`).exec(page.body)![1]!;
    const cell = (urn: number, group: string) =>
      new RegExp(`data-testid="cell-${group.replace(' ', '-')}">(?:<strong[^>]*>)?(\\d+)`).exec(row(urn))![1];
    expect(cell(acorn.urn, 'Year 3')).toBe('1');
    expect(cell(acorn.urn, 'Year 4')).toBe('2');
    expect(cell(acorn.urn, 'Year 5')).toBe('1');
    expect(cell(acorn.urn, 'Reception')).toBe('0');
    // A school never visited has its row, every year group a gap; primary shows Reception to Year 6 only.
    expect(cell(birch.urn, 'Year 4')).toBe('0');
    expect(page.body).not.toContain('cell-Year-7');
    expect(page.body).toContain(
      'Birch Primary School</strong>: Reception, Year 1, Year 2, Year 3, Year 4, Year 5, Year 6',
    );
    expect(page.body).toMatch(/Schools seen[\s\S]*?1 of 2/);
    const list = await lead.get(paths.evaluation.visits.list(activity.id));
    expect(list.body.indexOf('Year 4, Year 5')).toBeLessThan(list.body.indexOf('Year 3, Year 4'));
    const csv = await lead.get(`${paths.evaluation.visits.list(activity.id)}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Acorn Primary School');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('shows an activity’s visits to its leads, its hub’s leadership and the national team only', async () => {
    const { activity, acorn } = await scenario();
    await lead.submit(paths.evaluation.visits.record(activity.id), form(acorn.urn));
    const [visit] = await visitsOf(activity.id);
    const coLead = await signedInClient(t.app, t.db, coLeadId);
    const notALead = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'llme', hubId }])).id,
    );
    const show = paths.evaluation.visits.show(activity.id, visit!.id);
    expect((await coLead.get(show)).statusCode).toBe(200);
    expect((await hubLead.client.get(show)).statusCode).toBe(200);
    expect((await analyst.client.get(show)).statusCode).toBe(200);
    expect((await notALead.get(show)).statusCode).toBe(404);
    expect((await otherHubLead.client.get(show)).statusCode).toBe(404);
    expect((await otherHubLead.client.get(paths.evaluation.visits.coverage(activity.id))).statusCode).toBe(
      404,
    );
    const { activity: another } = await scenario('Another WG');
    expect((await lead.get(paths.evaluation.visits.show(another.id, visit!.id))).statusCode).toBe(404);
    expect((await analyst.client.get(paths.evaluation.visits.record(activity.id))).statusCode).toBe(403);
    // Hub leadership: the hub's visits, filtered by activity and school, and by year.
    const hubList = await hubLead.client.get(`${paths.evaluation.visits.hub}?activity=${activity.id}`);
    expect(hubList.statusCode).toBe(200);
    expect(hubList.body).toContain(`data-testid="visit-${visit!.id}"`);
    const otherSchool = await hubLead.client.get(`${paths.evaluation.visits.hub}?school=${acorn.urn + 1}`);
    // A school not visited this year is a filter too: none of its visits, and it is named.
    expect(otherSchool.body).not.toContain(`data-testid="visit-${visit!.id}"`);
    expect(otherSchool.body).toContain('(no visits this year)');
    const old = await hubLead.client.get(`${paths.evaluation.visits.hub}?year=2019-20`);
    expect(old.body).toContain('No visits have been recorded');
    expect((await otherHubLead.client.get(`${paths.evaluation.visits.hub}?hub=visits-hub`)).statusCode).toBe(
      404,
    );
  });

  it('refuses a stale edit with both versions side by side, then saves on top deliberately', async () => {
    const { activity, acorn } = await scenario();
    await lead.submit(paths.evaluation.visits.record(activity.id), form(acorn.urn));
    const [visit] = await visitsOf(activity.id);
    const editUrl = paths.evaluation.visits.edit(activity.id, visit!.id);
    const stalePage = await lead.get(editUrl);
    const staleVersion = /name="version" value="(\d+)"/.exec(stalePage.body)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(stalePage.body)![1]!;
    // The hub lead saves a change first.
    const first = await hubLead.client.submit(
      editUrl,
      form(acorn.urn, { focus: 'Reasoning', yearGroups: ['Year 6'] }),
    );
    expect(first.statusCode).toBe(303);
    // The lead's save from the older version is refused: 409, both versions shown, nothing overwritten.
    const stale = await lead.post(
      editUrl,
      {
        ...form(acorn.urn, { focus: 'Problem solving', yearGroups: 'Year 12' }),
        version: staleVersion,
        _csrf: csrf,
      },
      { referer: `http://localhost${editUrl}` },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('data-testid="stale-edit"');
    expect(stale.body).toContain('Reasoning');
    expect(stale.body).toContain('Problem solving');
    expect(stale.body).toMatch(/value="Year 12" checked/);
    expect(stale.body).not.toMatch(/value="Year 1" checked/);
    let [now] = await visitsOf(activity.id);
    expect(now!.focus).toBe('Reasoning');
    const latest = /name="version" value="(\d+)"/.exec(stale.body)![1]!;
    expect(Number(latest)).toBeGreaterThan(Number(staleVersion));
    const freshCsrf = /name="_csrf" value="([^"]+)"/.exec(stale.body)![1]!;
    const again = await lead.post(
      editUrl,
      { ...form(acorn.urn, { focus: 'Problem solving' }), version: latest, _csrf: freshCsrf },
      { referer: `http://localhost${editUrl}` },
    );
    expect(again.statusCode).toBe(303);
    [now] = await visitsOf(activity.id);
    expect(now!.focus).toBe('Problem solving');
    const logged = await eventsAbout(t.db, 'school_visit', visit!.id);
    expect(logged.map((e) => e.action)).toEqual(['visit.changed', 'visit.changed', 'visit.recorded']);
    expect(logged[1]!.changes).toMatchObject({
      changed: { focus: true, yearGroups: [['Year 3', 'Year 4'], ['Year 6']] },
    });
  });

  it('ticks an agreed action done from the visit page, and an edit removes a cleared action', async () => {
    const { activity, acorn } = await scenario();
    await lead.submit(
      paths.evaluation.visits.record(activity.id),
      form(acorn.urn, {
        action1What: 'Audit resources',
        action1Owner: String(leadId),
        ...parts(dayFromToday(7), 'action1Due'),
      }),
    );
    const [visit] = await visitsOf(activity.id);
    const [action] = await t.db
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.visitId, visit!.id));
    const show = paths.evaluation.visits.show(activity.id, visit!.id);
    const refused = await lead.submit(paths.evaluation.visits.actions(activity.id, visit!.id), {}, show);
    expect(refused.headers.location).toBe(show);
    const ticked = await lead.submit(
      paths.evaluation.visits.actions(activity.id, visit!.id),
      { actionId: String(action!.id), status: 'done' },
      show,
    );
    expect(ticked.statusCode).toBe(303);
    const [doneAction] = await t.db
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.id, action!.id));
    expect(doneAction).toMatchObject({ status: 'done', doneOn: today });
    const [raised] = await visitsOf(activity.id);
    expect(raised!.version).toBe(visit!.version + 1);
    expect((await eventsAbout(t.db, 'school_visit', visit!.id))[0]!.action).toBe('visit.action_done');
    // The edit form holds the action; clearing what was agreed removes it.
    const editUrl = paths.evaluation.visits.edit(activity.id, visit!.id);
    const editPage = await lead.get(editUrl);
    expect(editPage.body).toContain('Audit resources');
    const saved = await lead.submit(
      editUrl,
      form(acorn.urn, { action1Id: String(action!.id), action1What: '' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(
      await t.db.select().from(schoolVisitActions).where(eq(schoolVisitActions.visitId, visit!.id)),
    ).toEqual([]);
  });

  it('puts an owner’s open actions on their to-do list and their actions page, until ticked done', async () => {
    const { activity, birch } = await scenario('Actions WG');
    await lead.submit(
      paths.evaluation.visits.record(activity.id),
      form(birch.urn, {
        action1What: 'Share the fluency plan with Year 4',
        action1Owner: String(leadId),
        ...parts(dayFromToday(14), 'action1Due'),
      }),
    );
    const [visit] = await visitsOf(activity.id);
    const [action] = await t.db
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.visitId, visit!.id));
    const home = await lead.get(paths.dashboard);
    expect(home.body).toContain(paths.evaluation.visits.mine);
    expect(home.body).toMatch(/actions? agreed on (a visit|visits) to follow up/);
    const mine = await lead.get(paths.evaluation.visits.mine);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Share the fluency plan with Year 4');
    expect(mine.body).toContain(`${paths.evaluation.visits.show(activity.id, visit!.id)}#actions`);
    expect(mine.body).toContain('Birch Primary School');
    // Someone else's list does not hold it.
    const analystsList = await analyst.client.get(paths.evaluation.visits.mine);
    expect(analystsList.body).not.toContain('Share the fluency plan with Year 4');
    const show = paths.evaluation.visits.show(activity.id, visit!.id);
    await lead.submit(
      paths.evaluation.visits.actions(activity.id, visit!.id),
      { actionId: String(action!.id), status: 'done' },
      show,
    );
    const after = await lead.get(paths.evaluation.visits.mine);
    expect(after.body).toContain('data-testid="done-visit-actions"');
    expect(after.body).not.toContain('data-testid="open-visit-actions"');
  });

  it('links a school’s journey page to the hub’s visits to it, for the hub’s leadership', async () => {
    const { activity, acorn, outside } = await scenario('Journey WG');
    await lead.submit(paths.evaluation.visits.record(activity.id), form(acorn.urn));
    const journey = await hubLead.client.get(paths.myHub.school(acorn.urn));
    expect(journey.statusCode).toBe(200);
    const href = /data-testid="school-visits-link"|href="([^"]+)" data-testid="school-visits-link"/.exec(
      journey.body,
    );
    expect(href?.[1]).toBeDefined();
    const list = await hubLead.client.get(href![1]!.replaceAll('&amp;', '&'));
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Acorn Primary School');
    expect(list.body).toContain('Fluency in multiplication facts');
    // A school of the hub not visited this year: its list is empty, not every school's visits.
    const none = await hubLead.client.get(paths.myHub.school(outside.urn));
    const noneHref = /href="([^"]+)" data-testid="school-visits-link"/
      .exec(none.body)![1]!
      .replaceAll('&amp;', '&');
    const empty = await hubLead.client.get(noneHref);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Cedar Primary School (no visits this year)');
    expect(empty.body).not.toContain('Fluency in multiplication facts');
  });

  it('asks before deleting a visit, then deletes it with its actions and logs it', async () => {
    const { activity, acorn } = await scenario();
    await lead.submit(
      paths.evaluation.visits.record(activity.id),
      form(acorn.urn, {
        action1What: 'Audit resources',
        action1Owner: String(leadId),
        ...parts(dayFromToday(7), 'action1Due'),
      }),
    );
    const [visit] = await visitsOf(activity.id);
    const url = paths.evaluation.visits.remove(activity.id, visit!.id);
    const ask = await lead.get(url);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('data-testid="delete-warning"');
    expect(ask.body).toContain('cannot be undone');
    expect(await visitsOf(activity.id)).toHaveLength(1);
    // A post without the version it was asked from deletes nothing.
    const csrf = /name="_csrf" value="([^"]+)"/.exec(ask.body)![1]!;
    const bare = await lead.post(url, { _csrf: csrf }, { referer: `http://localhost${url}` });
    expect(bare.statusCode).toBe(303);
    expect(bare.headers.location).toBe(url);
    expect(await visitsOf(activity.id)).toHaveLength(1);
    const done = await lead.submit(url, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.evaluation.visits.list(activity.id));
    expect(await visitsOf(activity.id)).toEqual([]);
    expect(
      await t.db.select().from(schoolVisitActions).where(eq(schoolVisitActions.visitId, visit!.id)),
    ).toEqual([]);
    const [logged] = await eventsAbout(t.db, 'school_visit', visit!.id);
    expect(logged).toMatchObject({ action: 'visit.deleted', actorPersonId: leadId });
  });
});
