import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp, makeSession } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import {
  csrfFor,
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { accreditations } from '../people/schema.ts';
import {
  activityLeads,
  activitySchools,
  activitySessions,
  attendanceMarks,
  enrolments,
  hubActivities,
} from './schema.ts';

describe('hub activities, leads, schools, sessions and registers', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let admin: SignedIn;
  let analyst: SignedIn;
  let tfm: Awaited<ReturnType<typeof makeNcp>>;
  let schoolUrns: number[];
  let specialist: Awaited<ReturnType<typeof makePerson>>;
  let unaccredited: Awaited<ReturnType<typeof makePerson>>;
  let activityId: number;

  const dateFields = (name: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    schoolUrns = [];
    for (let i = 0; i < 4; i++) schoolUrns.push((await makeSchool(t.db, { laCode: '330' })).urn);
    tfm = await makeNcp(t.db, {
      code: '23-24-TFM-DEV',
      title: 'Primary Teaching for Mastery Development',
      type: 'work_group',
      rules: { groupSize: { min: 2, max: 3, unit: 'schools' }, leadRequires: ['mastery_specialist'] },
    });
    await makeNcp(t.db, {
      code: '23-24-SKTM',
      title: 'Specialist Knowledge for Teaching Mathematics',
      type: 'programme',
    });
    lead = await signInHubLead(t.app, t.db, hub.id);
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
    specialist = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
      givenName: 'Asha',
      familyName: 'Patel',
    });
    await t.db
      .insert(accreditations)
      .values({ personId: specialist.id, kind: 'mastery_specialist', cohort: '5' });
    unaccredited = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
      givenName: 'Ben',
      familyName: 'Jones',
    });
  });
  afterAll(() => t.close());

  it('hub leadership plan an activity under an NCP of the year, with an event', async () => {
    const formUrl = `${paths.myHub.newActivity}?year=2023-24`;
    const page = await lead.client.get(formUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('23-24-TFM-DEV: Primary Teaching for Mastery Development');

    // A programme NCP cannot be run as a Work Group; a date outside the year is refused; input is kept.
    const sktm = await t.db.query.ncps.findFirst({ where: (n, { eq }) => eq(n.code, '23-24-SKTM') });
    const wrong = await lead.client.submit(
      paths.myHub.newActivity,
      {
        hub: '',
        year: '2023-24',
        ncpId: String(sktm!.id),
        kind: 'work_group',
        title: 'SKTM Work Group',
        ...dateFields('startsOn', '2024-09-10'),
        ...dateFields('endsOn', '2024-10-10'),
      },
      formUrl,
    );
    expect(wrong.statusCode).toBe(303);
    const again = await lead.client.get(wrong.headers.location as string);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('is a Programme project: choose Programme cohort');
    expect(again.body).toContain('The start date must be in 2023/24');
    expect(again.body).toContain('value="SKTM Work Group"');

    const done = await lead.client.submit(
      paths.myHub.newActivity,
      {
        year: '2023-24',
        ncpId: String(tfm.id),
        kind: 'work_group',
        title: 'TfM Development Work Group 1',
        ...dateFields('startsOn', '2023-09-20'),
        ...dateFields('endsOn', '2024-07-10'),
      },
      formUrl,
    );
    expect(done.statusCode).toBe(303);
    activityId = Number(/\/activities\/(\d+)$/.exec(done.headers.location as string)![1]);
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activityId));
    expect(row).toMatchObject({
      hubId: hub.id,
      ncpId: tfm.id,
      yearCode: '2023/24',
      status: 'planned',
      startsOn: '2023-09-20',
    });
    const [event] = await eventsAbout(t.db, 'hub_activity', activityId);
    expect(event).toMatchObject({ action: 'activity.planned', hubId: hub.id, actorLabel: lead.actorLabel });

    const list = await lead.client.get(`${paths.myHub.activities}?year=2023-24`);
    expect(list.body).toContain('TfM Development Work Group 1');
    expect(list.body).toContain(`data-testid="activity-${activityId}"`);
  });

  it('refuses a lead without the accreditation the NCP requires, then accepts an accredited Mastery Specialist', async () => {
    const show = paths.activity.show(activityId);
    const refused = await lead.client.submit(
      paths.activity.leads(activityId),
      { personId: String(unaccredited.id), leadTitle: 'Work Group Lead' },
      show,
    );
    expect(refused.statusCode).toBe(303);
    const page = await lead.client.get(show);
    expect(page.body).toContain(
      'Ben Jones cannot lead it. The lead must be an accredited primary Mastery Specialist.',
    );
    expect(
      await t.db.select().from(activityLeads).where(eq(activityLeads.activityId, activityId)),
    ).toHaveLength(0);

    const accepted = await lead.client.submit(
      paths.activity.leads(activityId),
      { personId: String(specialist.id), leadTitle: 'Work Group Lead' },
      show,
    );
    expect(accepted.statusCode).toBe(303);
    const leads = await t.db.select().from(activityLeads).where(eq(activityLeads.activityId, activityId));
    expect(leads).toEqual([expect.objectContaining({ personId: specialist.id, title: 'Work Group Lead' })]);
    expect((await lead.client.get(show)).body).toContain(
      'Asha Patel, Work Group Lead (accredited primary Mastery Specialist)',
    );

    // Someone who is not an LLME of the hub cannot lead it.
    const outsider = await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }]);
    await lead.client.submit(
      paths.activity.leads(activityId),
      { personId: String(outsider.id), leadTitle: 'Lead' },
      show,
    );
    expect((await lead.client.get(show)).body).toContain('Choose an LLME of this hub from the list');
  });

  it('adds schools up to the maximum group size, warns under the minimum, and refuses above it', async () => {
    const show = paths.activity.show(activityId);
    await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', urn: String(schoolUrns[0]) },
      show,
    );
    const first = await lead.client.get(show);
    expect(first.body).toContain('The group has 1 school: a group of this NCP has 2 to 3 schools.');
    await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', urn: String(schoolUrns[1]) },
      show,
    );
    await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', urn: String(schoolUrns[2]) },
      show,
    );
    const over = await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', urn: String(schoolUrns[3]) },
      show,
    );
    expect(over.statusCode).toBe(303);
    expect((await lead.client.get(show)).body).toContain(
      'cannot be added. A group of this NCP has 2 to 3 schools: it would have 4 schools.',
    );
    const rows = await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, activityId));
    expect(rows.map((r) => r.schoolUrn).sort()).toEqual(schoolUrns.slice(0, 3).sort());

    // Withdrawing one makes room for another; the withdrawn school's record stays.
    await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'withdraw', urn: String(schoolUrns[2]) },
      show,
    );
    await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', urn: String(schoolUrns[3]) },
      show,
    );
    const after = await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, activityId));
    expect(Object.fromEntries(after.map((r) => [r.schoolUrn, r.status]))).toEqual({
      [schoolUrns[0]!]: 'registered',
      [schoolUrns[1]!]: 'registered',
      [schoolUrns[2]!]: 'withdrawn',
      [schoolUrns[3]!]: 'registered',
    });
  });

  it('moves the status along its state machine only', async () => {
    const edit = paths.activity.edit(activityId);
    const fields = {
      title: 'TfM Development Work Group 1',
      ...dateFields('startsOn', '2023-09-20'),
      ...dateFields('endsOn', '2024-07-10'),
    };
    await lead.client.submit(edit, { ...fields, status: 'completed' });
    expect((await lead.client.get(edit)).body).toContain(
      'A planned activity can only become running or cancelled',
    );
    await lead.client.submit(edit, { ...fields, status: 'running' });
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activityId));
    expect(row!.status).toBe('running');
    expect((await eventsAbout(t.db, 'hub_activity', activityId))[0]!.action).toBe('activity.running');
  });

  it('does not complete an activity by editing it, on the page or through the API: the year-end close does', async () => {
    const edit = paths.activity.edit(activityId);
    const form = await lead.client.get(edit);
    expect(form.body).not.toContain('value="completed"');
    await lead.client.submit(edit, {
      title: 'TfM Development Work Group 1',
      ...dateFields('startsOn', '2023-09-20'),
      ...dateFields('endsOn', '2024-07-10'),
      status: 'completed',
    });
    expect((await lead.client.get(edit)).body).toContain(
      'An activity is completed only by closing it at the end of its year',
    );

    const { token } = await createApiToken(t.db, systemActor(), { personId: lead.personId, name: 'edit' });
    const url = paths.api.activity(activityId);
    const read = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const patch = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${token}`, 'if-match': read.headers.etag as string },
      payload: { status: 'completed' },
    });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors[0]).toMatchObject({ field: 'status' });
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activityId));
    expect(row!.status).toBe('running');
  });

  it('adds a session and takes its register, with a participant joining on another’s connection, idempotently', async () => {
    const show = paths.activity.show(activityId);
    await lead.client.submit(
      paths.activity.sessions(activityId),
      {
        sessionKind: 'trg',
        sessionTitle: 'TRG 1',
        ...dateFields('sessionDate', '2023-10-12'),
        sessionTime: '13:30',
      },
      show,
    );
    const [session] = await t.db
      .select()
      .from(activitySessions)
      .where(eq(activitySessions.activityId, activityId));
    expect(session!.startsAt.toISOString()).toBe('2023-10-12T12:30:00.000Z');

    const people = [];
    for (const name of ['Cara', 'Dev', 'Ema']) {
      const p = await makePerson(t.db, [{ role: 'participant' }], { givenName: name, familyName: 'Teacher' });
      people.push(await enrol(t.db, { activityId, personId: p.id, schoolUrn: schoolUrns[0] }));
    }
    const [cara, dev, ema] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const registerUrl = paths.activity.register(activityId, session!.id);
    const specialistClient = await signedInClient(t.app, t.db, specialist.id);

    // Missing mark and a connection to an absent participant: refused, input kept, nothing written.
    const bad = await specialistClient.submit(registerUrl, {
      [`status-${cara.id}`]: 'absent',
      [`joinedVia-${dev.id}`]: String(cara.id),
    });
    expect(bad.statusCode).toBe(303);
    const badPage = await specialistClient.get(registerUrl);
    expect(badPage.body).toContain('Select whether Ema Teacher was present, absent or sent apologies');
    expect(badPage.body).toContain(
      'Dev Teacher joined on the connection of Cara Teacher, who must be marked present',
    );
    expect(
      await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.sessionId, session!.id)),
    ).toHaveLength(0);

    const marks = {
      [`status-${cara.id}`]: 'present',
      [`status-${dev.id}`]: 'present',
      [`joinedVia-${dev.id}`]: String(cara.id),
      [`status-${ema.id}`]: 'apologies',
    };
    expect((await specialistClient.submit(registerUrl, marks)).statusCode).toBe(303);
    const stored = await t.db
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.sessionId, session!.id));
    expect(
      Object.fromEntries(stored.map((m) => [m.enrolmentId, [m.status, m.joinedViaEnrolmentId]])),
    ).toEqual({
      [cara.id]: ['present', null],
      [dev.id]: ['present', cara.id],
      [ema.id]: ['apologies', null],
    });
    const events = await eventsAbout(t.db, 'activity_session', session!.id);
    expect(events).toHaveLength(1);

    // The same register again changes nothing; a re-mark changes one row.
    await specialistClient.submit(registerUrl, marks);
    expect(await eventsAbout(t.db, 'activity_session', session!.id)).toHaveLength(1);
    await specialistClient.submit(registerUrl, { ...marks, [`status-${ema.id}`]: 'present' });
    const [emaMark] = await t.db
      .select()
      .from(attendanceMarks)
      .where(and(eq(attendanceMarks.sessionId, session!.id), eq(attendanceMarks.enrolmentId, ema.id)));
    expect(emaMark!.status).toBe('present');
    expect(await eventsAbout(t.db, 'activity_session', session!.id)).toHaveLength(2);

    const page = await lead.client.get(show);
    expect(page.body).toContain('3 of 3 present (100%)');
    const list = await lead.client.get(`${paths.myHub.activities}?year=2023-24`);
    const row = new RegExp(`data-testid="activity-${activityId}"[\\s\\S]*?</tr>`).exec(list.body)![0];
    expect(row).toMatch(/data-testid="participants">3</);
    expect(row).toMatch(/data-testid="attendance">100%</);

    // Two marks changed at once (in one statement), each to its own value; the third kept.
    await specialistClient.submit(registerUrl, {
      ...marks,
      [`status-${dev.id}`]: 'apologies',
      [`joinedVia-${dev.id}`]: '',
      [`status-${ema.id}`]: 'absent',
    });
    const remarked = await t.db
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.sessionId, session!.id));
    expect(
      Object.fromEntries(remarked.map((m) => [m.enrolmentId, [m.status, m.joinedViaEnrolmentId]])),
    ).toEqual({
      [cara.id]: ['present', null],
      [dev.id]: ['apologies', null],
      [ema.id]: ['absent', null],
    });
    expect(await eventsAbout(t.db, 'activity_session', session!.id)).toHaveLength(3);
    expect((await lead.client.get(show)).body).toContain('1 of 3 present (33%)');
  });

  it('lets an LLME see only the activities they lead', async () => {
    const specialistClient = await signedInClient(t.app, t.db, specialist.id);
    const mine = await specialistClient.get(paths.my.activities);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('TfM Development Work Group 1');
    const notLed = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: tfm.id,
      title: 'Someone else’s Work Group',
    });
    expect((await specialistClient.get(paths.activity.show(notLed.id))).statusCode).toBe(404);
    expect((await specialistClient.get(paths.myHub.activities)).statusCode).toBe(403);
    const unaccreditedClient = await signedInClient(t.app, t.db, unaccredited.id);
    expect((await unaccreditedClient.get(paths.activity.show(activityId))).statusCode).toBe(404);
    // The LLME can take registers but not change the activity.
    expect((await specialistClient.get(paths.activity.edit(activityId))).statusCode).toBe(403);
  });

  it('hides another hub’s activities from hub leadership (404)', async () => {
    const other = await makeActivity(t.db, {
      hubId: otherHub.id,
      ncpId: tfm.id,
      title: 'Other hub Work Group',
    });
    const session = await makeSession(t.db, { activityId: other.id, startsAt: '2023-11-01T10:00:00Z' });
    expect((await lead.client.get(paths.activity.show(other.id))).statusCode).toBe(404);
    expect((await lead.client.get(paths.activity.register(other.id, session.id))).statusCode).toBe(404);
    expect((await lead.client.get(`${paths.myHub.activities}?hub=other`)).statusCode).toBe(404);
    const csrf = await csrfFor(t.app, t.db, paths.activity.show(other.id), lead.client);
    const post = await lead.client.post(paths.activity.schools(other.id), {
      _csrf: csrf,
      action: 'add',
      urn: String(schoolUrns[0]),
    });
    expect(post.statusCode).toBe(404);
    expect(
      await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, other.id)),
    ).toHaveLength(0);
  });

  it('withdraws a participant: off the register and the counts, their history kept', async () => {
    const own = await makeActivity(t.db, { hubId: hub.id, ncpId: tfm.id, title: 'Withdrawal Work Group' });
    const [stays, leaves] = [
      await makePerson(t.db, [], { givenName: 'Nia', familyName: 'Stays' }),
      await makePerson(t.db, [], { givenName: 'Owen', familyName: 'Leaves' }),
    ];
    await enrol(t.db, { activityId: own.id, personId: stays.id });
    const leaving = await enrol(t.db, { activityId: own.id, personId: leaves.id });
    const session = await makeSession(t.db, { activityId: own.id, startsAt: '2023-10-03T15:30:00Z' });
    await t.db
      .insert(attendanceMarks)
      .values({ sessionId: session.id, enrolmentId: leaving.id, status: 'present' });
    const register = paths.activity.register(own.id, session.id);
    expect((await lead.client.get(register)).body).toContain('Owen Leaves');

    const page = await lead.client.get(paths.activity.show(own.id));
    expect(page.body).toContain(`data-testid="withdraw-participant-${leaving.id}"`);
    const withdrawn = await lead.client.submit(
      paths.activity.participants(own.id),
      { enrolmentId: String(leaving.id) },
      paths.activity.show(own.id),
    );
    expect(withdrawn.statusCode).toBe(303);
    const after = await lead.client.get(paths.activity.show(own.id));
    expect(after.body).toContain('Owen Leaves has been withdrawn from this activity');
    expect(after.body).not.toContain(`data-testid="withdraw-participant-${leaving.id}"`);
    expect((await lead.client.get(register)).body).not.toContain('Owen Leaves');
    const list = await lead.client.get(`${paths.myHub.activities}?year=2023-24`);
    const row = list.body.split('<tr').find((r) => r.includes('Withdrawal Work Group'))!;
    expect(row).toMatch(/data-testid="participants">1</);
    // The enrolment and its attendance stay, with an event saying who withdrew them.
    const [kept] = await t.db.select().from(enrolments).where(eq(enrolments.id, leaving.id));
    expect(kept!.status).toBe('withdrawn');
    expect(
      await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.enrolmentId, leaving.id)),
    ).toHaveLength(1);
    expect((await eventsAbout(t.db, 'enrolment', leaving.id)).map((e) => e.action)).toContain(
      'enrolment.withdrawn',
    );

    // Withdrawing them again is refused with a reason; another hub's lead cannot withdraw anyone.
    const again = await lead.client.submit(
      paths.activity.participants(own.id),
      { enrolmentId: String(leaving.id) },
      paths.activity.show(own.id),
    );
    expect(again.headers.location).toBe(`${paths.activity.show(own.id)}#participants`);
    expect((await lead.client.get(paths.activity.show(own.id))).body).toContain(
      'That participant does not take part in this activity',
    );
    const otherLead = await signInHubLead(t.app, t.db, otherHub.id);
    const csrf = await csrfFor(t.app, t.db, paths.activity.show(own.id), otherLead.client);
    const stranger = await otherLead.client.post(paths.activity.participants(own.id), {
      _csrf: csrf,
      enrolmentId: String(leaving.id),
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('points a year without activities to the latest year that has some', async () => {
    const empty = await lead.client.get(`${paths.myHub.activities}?year=2021-22`);
    expect(empty.body).toContain('Central Maths Hub has no activities in 2021/22 yet');
    expect(empty.body).toMatch(/href="\/hub\/activities\?year=2023-24" data-testid="latest-year"/);
    // Filters matching nothing in a year with activities say so instead.
    const none = await lead.client.get(`${paths.myHub.activities}?year=2023-24&kind=community`);
    expect(none.body).toContain('No activities match.');
  });

  it('lets a national analyst read every hub but change nothing', async () => {
    const list = await analyst.client.get(`${paths.myHub.activities}?hub=central&year=2023-24`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('TfM Development Work Group 1');
    expect(list.body).not.toContain('data-testid="plan-activity"');
    const show = await analyst.client.get(paths.activity.show(activityId));
    expect(show.statusCode).toBe(200);
    expect(show.body).not.toContain('data-testid="school-form"');
    const csrf = await csrfFor(t.app, t.db, paths.activity.show(activityId), analyst.client);
    const post = await analyst.client.post(paths.activity.sessions(activityId), {
      _csrf: csrf,
      sessionKind: 'trg',
    });
    expect(post.statusCode).toBe(403);
    expect((await analyst.client.get(paths.myHub.newActivity)).statusCode).toBe(403);
  });

  it('shows the LLME roster with the active count against the ambition, and downloads it', async () => {
    const page = await lead.client.get(`${paths.myHub.llmes}?year=2023-24`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 active LLME in 2023/24, against the ambition of at least 50');
    expect(page.body).toMatch(
      new RegExp(`data-testid="llme-${specialist.id}"[\\s\\S]*?data-testid="active">Yes<`),
    );
    expect(page.body).toMatch(
      new RegExp(`data-testid="llme-${unaccredited.id}"[\\s\\S]*?data-testid="active">No<`),
    );
    const csv = await lead.client.get(`${paths.myHub.llmes}?year=2023-24&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Asha Patel');
    expect(csv.body).toContain('primary Mastery Specialist (cohort 5)');
    const xlsx = await admin.client.get(`${paths.myHub.activities}?hub=central&year=2023-24&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('serves the same records through the API, scoped like the pages', async () => {
    const api = async (url: string, personId: number) => {
      const { token } = await createApiToken(t.db, systemActor(), { personId, name: 'test' });
      return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    };
    const list = await api(`${paths.api.hubActivities('central')}?year=2023-24`, lead.personId);
    expect(list.statusCode).toBe(200);
    expect(list.json().activities.map((a: { title: string }) => a.title)).toContain(
      'TfM Development Work Group 1',
    );
    expect((await api(paths.api.hubActivities('other'), lead.personId)).statusCode).toBe(404);
    const one = await api(paths.api.activity(activityId), specialist.id);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ title: 'TfM Development Work Group 1', status: 'running' });
    expect(one.json().participants).toHaveLength(3);
  });
  it('sends a change refused because the activity is closed back to its form, with the reason', async () => {
    const closed = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: tfm.id,
      title: 'Cancelled Work Group',
      status: 'cancelled',
    });
    const show = paths.activity.show(closed.id);
    // A page made before it was cancelled had the form (its edit page has a CSRF token still).
    const answer = await lead.client.submit(
      paths.activity.schools(closed.id),
      { action: 'add', urn: String(schoolUrns[0]) },
      paths.activity.edit(closed.id),
    );
    expect(answer.statusCode).toBe(303);
    // Back to the form with the school it named (shown chosen again).
    expect(answer.headers.location).toBe(`${show}?urn=${schoolUrns[0]}#schools`);
    expect((await lead.client.get(`${show}?urn=${schoolUrns[0]}`)).body).toContain(
      'The activity is cancelled: schools cannot be added',
    );
    const rows = await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, closed.id));
    expect(rows).toEqual([]);
  });
});
