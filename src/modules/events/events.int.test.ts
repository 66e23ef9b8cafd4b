import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
} from '../../../test/support/delivery-factories.ts';
import { dayFromToday, givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
} from '../../../test/support/hub-factories.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { academicYearOf } from '../../platform/dates.ts';
import { SESSION_COOKIE } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { activitySessions, attendanceMarks } from '../activities/schema.ts';
import { createSession } from '../auth/sessions.ts';
import { engagedSchools } from '../journeys/engaged-schools.ts';
import { lockEvent } from './load-event.ts';
import { fillFreePlaces } from './places.ts';
import { eventPlaces, eventTargets, programmeEvents } from './schema.ts';

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('events: organisers, eligibility, confirmation, waiting lists, attendance', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let admin: SignedIn;

  const personWithClient = async (roles: Parameters<typeof makePerson>[1] = []) => {
    const person = await makePerson(t.db, roles);
    return { person, client: await signedInClient(t.app, t.db, person.id) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, otherHub.id);
    admin = await signInNationalAdmin(t.app, t.db);
  });
  afterAll(() => t.close());

  it('hub leadership create a hub event for a role and invited people; errors keep the input', async () => {
    const invited = await makePerson(t.db, [], { email: 'invited.teacher@example.org' });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    const elsewhere = await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }]);
    const formUrl = `${paths.events.newEvent}?hub=central`;
    expect((await lead.client.get(formUrl)).statusCode).toBe(200);
    expect((await lead.client.get(`${paths.events.newEvent}?hub=other`)).statusCode).toBe(404);

    const wrong = await lead.client.submit(
      paths.events.newEvent,
      {
        hub: 'central',
        title: 'LLME meeting',
        format: 'face_to_face',
        venue: '',
        ...dateFields('day', dayFromToday(40)),
        startTime: '10:00',
        endTime: '09:00',
        capacity: '0',
        waitingPriority: 'joined_first',
        inviteEmails: 'not-an-email',
      },
      formUrl,
    );
    expect(wrong.statusCode).toBe(303);
    const again = await lead.client.get(wrong.headers.location as string);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('Enter the venue');
    expect(again.body).toContain('The end time must be after the start time');
    expect(again.body).toContain('The event needs at least 1 place');
    expect(again.body).toContain('value="LLME meeting"');

    const day = dayFromToday(40);
    const done = await lead.client.submit(
      paths.events.newEvent,
      {
        hub: 'central',
        title: 'LLME meeting',
        format: 'face_to_face',
        venue: 'Central Library, Room 2',
        ...dateFields('day', day),
        startTime: '10:00',
        endTime: '15:30',
        capacity: '20',
        waitingPriority: 'joined_first',
        inviteEmails: 'Invited.Teacher@example.org',
        targetRole: 'llme',
      },
      formUrl,
    );
    expect(done.statusCode).toBe(303);
    const id = Number(/\/organise\/events\/(\d+)/.exec(done.headers.location as string)?.[1]);
    const [event] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, id));
    expect(event!.hubId).toBe(hub.id);
    expect(event!.confirmBy < day).toBe(true);
    const targets = await t.db.select().from(eventTargets).where(eq(eventTargets.eventId, id));
    expect(targets.map((x) => x.kind).sort()).toEqual(['person', 'role']);
    expect(targets.find((x) => x.kind === 'role')!.hubId).toBe(hub.id);
    const log = await eventsAbout(t.db, 'programme_event', id);
    expect(log[0]!.action).toBe('event.created');
    expect(log[0]!.actorLabel).toBe(lead.actorLabel);
    // The invited person, and the hub's LLME, are invited (queued emails); another hub's LLME is not.
    const { rows } = await t.db.$client.query(
      "SELECT person_id FROM event_notifications WHERE event_id = $1 AND kind = 'invitation'",
      [id],
    );
    const invitedIds = rows.map((r: { person_id: number }) => r.person_id);
    expect(invitedIds).toEqual(expect.arrayContaining([invited.id, llme.id]));
    expect(invitedIds).not.toContain(elsewhere.id);
    // Another hub's leadership cannot see or change it.
    expect((await otherLead.client.get(paths.events.manage(id))).statusCode).toBe(404);
    // The national team sees the lists; the organiser list shows it.
    expect((await admin.client.get(paths.events.manage(id))).statusCode).toBe(200);
    const list = await lead.client.get(`${paths.events.organise}?hub=central`);
    expect(list.body).toContain('LLME meeting');
  });

  it('the national team target the leads of an NCP; the deadline is shown on the invitation', async () => {
    const day = dayFromToday(50);
    const ncp = await makeNcp(t.db, { code: 'NCP-T-LEADS', yearCode: academicYearOf(day) });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: academicYearOf(day),
    });
    const wgl = await personWithClient([{ role: 'llme', hubId: hub.id }]);
    await addLead(t.db, activity.id, wgl.person.id);
    const notLead = await personWithClient([{ role: 'llme', hubId: hub.id }]);
    const done = await admin.client.submit(
      paths.events.newEvent,
      {
        hub: 'national',
        title: 'National workshop for Work Group Leads',
        format: 'online',
        platform: 'Zoom',
        connectUrl: 'https://zoom.example/j/999',
        ...dateFields('day', day),
        startTime: '13:00',
        endTime: '16:00',
        capacity: '100',
        waitingPriority: 'joined_first',
        targetNcpCode: 'NCP-T-LEADS',
      },
      `${paths.events.newEvent}?hub=national`,
    );
    expect(done.statusCode).toBe(303);
    const id = Number(/(\d+)$/.exec(done.headers.location as string)?.[1]);
    const eligible = await wgl.client.get(paths.events.mine);
    expect(eligible.body).toContain('National workshop for Work Group Leads');
    const [event] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, id));
    expect(event!.hubId).toBeNull();
    const page = await wgl.client.get(paths.events.show(id));
    expect(page.body).toContain('Last day to confirm');
    expect(page.body).toContain('data-testid="confirm"');
    // Someone it is not for cannot see it.
    expect((await notLead.client.get(paths.events.show(id))).statusCode).toBe(404);
    expect((await notLead.client.get(paths.events.mine)).body).not.toContain(
      'National workshop for Work Group Leads',
    );
    // Hub leadership cannot organise national workshops.
    expect((await lead.client.get(`${paths.events.newEvent}?hub=national`)).statusCode).toBe(404);
  });

  it('confirming shows the personal Connect link; before confirmation there is none', async () => {
    const a = await personWithClient();
    const b = await personWithClient();
    const event = await makeEvent(t.db, { hubId: hub.id, invite: [a.person.id, b.person.id] });
    const before = await a.client.get(paths.events.show(event.id));
    expect(before.body).not.toContain('data-testid="connect"');
    expect(before.body).not.toContain('zoom.example');
    const confirmed = await a.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    expect(confirmed.statusCode).toBe(303);
    const after = await a.client.get(paths.events.show(event.id));
    expect(after.body).toContain('Your place is confirmed');
    const connect = /href="(\/events\/connect\/[^"]+)"/.exec(after.body)?.[1];
    expect(connect).toBeTruthy();
    expect(after.body).not.toContain('zoom.example'); // the platform link is behind the personal one
    const go = await a.client.get(connect!);
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe('https://zoom.example/j/123456');
    // The link is personal: someone else using it is refused.
    expect((await b.client.get(connect!)).statusCode).toBe(404);
    const upcoming = await a.client.get(`${paths.events.mine}?tab=upcoming`);
    expect(upcoming.body).toContain(event.title);
    // After cancelling, the link no longer works.
    await a.client.submit(paths.events.cancelPlace(event.id), {}, paths.events.cancelPlace(event.id));
    expect((await a.client.get(connect!)).statusCode).toBe(409);
  });

  it('cancelling a place asks first: the page says where the place goes; looking never writes', async () => {
    const [holder, waiting] = [await personWithClient(), await personWithClient()];
    const stranger = await personWithClient();
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      capacity: 1,
      invite: [holder.person.id, waiting.person.id],
    });
    for (const p of [holder, waiting])
      await p.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    const statusOf = async (personId: number) =>
      (await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id))).find(
        (p) => p.personId === personId,
      )?.status;
    const confirmUrl = paths.events.cancelPlace(event.id);
    expect((await holder.client.get(paths.events.show(event.id))).body).toContain(`href="${confirmUrl}"`);

    const page = await holder.client.get(confirmUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Cancel your place at ${event.title}`);
    expect(page.body).toContain('Your place goes to the next person on the waiting list');
    expect(page.body).toContain('You can ask for a place again');
    expect(page.body).toContain('Keep my place');
    const onList = await waiting.client.get(confirmUrl);
    expect(onList.body).toContain(`Leave the waiting list for ${event.title}`);
    expect(onList.body).toContain('You leave the waiting list and lose your position on it.');
    // Looking never writes.
    expect(await statusOf(holder.person.id)).toBe('confirmed');
    expect(await statusOf(waiting.person.id)).toBe('waiting');
    // Someone the event is not for does not find it.
    expect((await stranger.client.get(confirmUrl)).statusCode).toBe(404);

    const done = await holder.client.submit(confirmUrl, {}, confirmUrl);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.events.show(event.id));
    expect(await statusOf(holder.person.id)).toBe('cancelled');
    expect(await statusOf(waiting.person.id)).toBe('confirmed');
    // With no place left to cancel, the page sends them back to the event.
    const again = await holder.client.get(confirmUrl);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(paths.events.show(event.id));
  });

  it('a full event puts people on the waiting list; a cancellation promotes the next automatically', async () => {
    const people = await Promise.all([0, 1, 2, 3].map(() => personWithClient()));
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      capacity: 2,
      invite: people.map((p) => p.person.id),
    });
    for (const p of people)
      await p.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    const statuses = async () =>
      Object.fromEntries(
        (await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id))).map((p) => [
          p.personId,
          p.status,
        ]),
      );
    let now = await statuses();
    expect(people.map((p) => now[p.person.id])).toEqual(['confirmed', 'confirmed', 'waiting', 'waiting']);
    await people[0]!.client.submit(
      paths.events.cancelPlace(event.id),
      {},
      paths.events.cancelPlace(event.id),
    );
    now = await statuses();
    expect(people.map((p) => now[p.person.id])).toEqual(['cancelled', 'confirmed', 'confirmed', 'waiting']);
    const [row] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, event.id));
    expect(row!.confirmedCount).toBe(2);
    const { rows } = await t.db.$client.query(
      "SELECT person_id FROM event_notifications WHERE event_id = $1 AND kind = 'place_offered'",
      [event.id],
    );
    expect(rows.map((r: { person_id: number }) => r.person_id)).toEqual([people[2]!.person.id]);
    const page = await people[2]!.client.get(paths.events.show(event.id));
    expect(page.body).toContain('a place came free and was given to you');
    // Raising the capacity gives the new place to the waiting list.
    await t.db.update(programmeEvents).set({ capacity: 3 }).where(eq(programmeEvents.id, event.id));
    await t.db.transaction(async (tx) => {
      await lockEvent(tx, event.id);
      await fillFreePlaces(tx, systemActor('test'), event.id);
    });
    now = await statuses();
    expect(now[people[3]!.person.id]).toBe('confirmed');
  });

  it('with the priority rule, a school in Targeted Support goes first from the waiting list', async () => {
    const day = dayFromToday(60);
    const year = academicYearOf(day);
    const ncp = await makeNcp(t.db, { yearCode: year });
    const { makeLocalAuthority, makeSchool } = await import('../../../test/support/factories.ts');
    await makeLocalAuthority(t.db, { code: '331' });
    const experienced = await makeSchool(t.db, { laCode: '331' });
    const supported = await makeSchool(t.db, { laCode: '331' });
    // The experienced school took part in an earlier year; the supported one is in Targeted Support now.
    const { addSchool } = await import('../../../test/support/delivery-factories.ts');
    const earlier = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: (await makeNcp(t.db, { yearCode: '2019/20' })).id,
      yearCode: '2019/20',
    });
    await addSchool(t.db, earlier.id, experienced.urn);
    await addSchool(t.db, earlier.id, supported.urn);
    const tsm = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      kind: 'targeted_support',
    });
    await addSchool(t.db, tsm.id, supported.urn);
    const holder = await personWithClient();
    const first = await personWithClient();
    await t.db.$client.query('UPDATE people SET school_urn = $1 WHERE id = $2', [
      experienced.urn,
      first.person.id,
    ]);
    const second = await personWithClient();
    await t.db.$client.query('UPDATE people SET school_urn = $1 WHERE id = $2', [
      supported.urn,
      second.person.id,
    ]);
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      capacity: 1,
      startsAt: new Date(`${day}T10:00:00Z`),
      waitingPriority: 'first_year_or_targeted_support',
      invite: [holder.person.id, first.person.id, second.person.id],
    });
    for (const p of [holder, first, second])
      await p.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    await holder.client.submit(paths.events.cancelPlace(event.id), {}, paths.events.cancelPlace(event.id));
    const places = await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id));
    expect(places.find((p) => p.personId === second.person.id)!.status).toBe('confirmed');
    expect(places.find((p) => p.personId === first.person.id)!.status).toBe('waiting');
  });

  it('after the deadline confirmation is closed with the reason; the organiser can still add a person', async () => {
    // (Someone of the organiser's hub: anyone else would be invited rather than added.)
    const late = await personWithClient([{ role: 'participant', hubId: hub.id }]);
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      format: 'face_to_face',
      confirmBy: dayFromToday(-1),
      startsAt: new Date(`${dayFromToday(5)}T10:00:00Z`),
      invite: [late.person.id],
    });
    const page = await late.client.get(paths.events.show(event.id));
    expect(page.body).toContain('data-testid="confirmation-closed"');
    expect(page.body).toContain(
      'face to face events must be confirmed by the 10th working day before they start',
    );
    expect(page.body).not.toContain('data-testid="confirm"');
    // A post anyway is refused with the reason.
    const token = await late.client.csrfFrom(paths.events.emailPreferences);
    const refused = await late.client.post(paths.events.confirm(event.id), { _csrf: token });
    expect(refused.statusCode).toBe(303);
    expect((await late.client.get(refused.headers.location as string)).body).toContain(
      'Confirmation closed at the end of',
    );
    expect(await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id))).toHaveLength(0);
    // The organiser adds them.
    const added = await lead.client.submit(
      paths.events.addPerson(event.id),
      { email: late.person.email },
      paths.events.manage(event.id),
    );
    expect(added.statusCode).toBe(303);
    const [place] = await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id));
    expect(place!.status).toBe('confirmed');
    expect(place!.addedByOrganiser).toBe(true);
  });

  it('face-to-face requirements reach the organiser, who exports the lists as CSV and Excel', async () => {
    const p = await personWithClient();
    const event = await makeEvent(t.db, { hubId: hub.id, format: 'face_to_face', invite: [p.person.id] });
    await p.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    const page = await p.client.get(paths.events.show(event.id));
    expect(page.body).toContain('data-testid="requirements-form"');
    expect(page.body).not.toContain('data-testid="connect"');
    await p.client.submit(
      paths.events.requirements(event.id),
      { dietary: 'Vegetarian', access: 'Step-free access', otherRequirements: '' },
      paths.events.show(event.id),
    );
    const manage = await lead.client.get(paths.events.manage(event.id));
    expect(manage.body).toContain('Vegetarian');
    expect(manage.body).toContain('Step-free access');
    const csv = await lead.client.get(`${paths.events.manage(event.id)}?list=requirements&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Name,Email,School,Dietary,Access,Other');
    expect(csv.body).toContain('Vegetarian');
    const xlsx = await lead.client.get(`${paths.events.manage(event.id)}?list=confirmations&format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('attendance: marked by the organiser with a group on one connection, feeding the activity register', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const session = await makeSession(t.db, {
      activityId: activity.id,
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => makePerson(t.db)));
    const { makeLocalAuthority, makeSchool } = await import('../../../test/support/factories.ts');
    await makeLocalAuthority(t.db, { code: '332' });
    const school = await makeSchool(t.db, { laCode: '332' });
    const enrolments = await Promise.all(
      [a, b, c].map((p) => enrol(t.db, { activityId: activity.id, personId: p!.id, schoolUrn: school.urn })),
    );
    expect(await engagedSchools(t.db, { yearCode: activity.yearCode })).not.toContain(school.urn);
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      startsAt: new Date(Date.now() - 3600_000),
      activityId: activity.id,
      activitySessionId: session.id,
    });
    const places = [];
    for (const p of [a, b, c]) places.push(await givePlace(t.db, event.id, p!.id));
    const form = {
      [`attendance-${places[0]!.id}`]: 'attended',
      [`attendance-${places[1]!.id}`]: 'attended',
      [`joinedVia-${places[1]!.id}`]: String(places[0]!.id),
      [`attendance-${places[2]!.id}`]: 'absent',
    };
    const saved = await lead.client.submit(
      paths.events.attendance(event.id),
      form,
      paths.events.manage(event.id),
    );
    expect(saved.statusCode).toBe(303);
    const marks = await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.sessionId, session.id));
    const byEnrolment = Object.fromEntries(marks.map((m) => [m.enrolmentId, m]));
    expect(byEnrolment[enrolments[0]!.id]!.status).toBe('present');
    expect(byEnrolment[enrolments[1]!.id]!.status).toBe('present');
    expect(byEnrolment[enrolments[1]!.id]!.joinedViaEnrolmentId).toBe(enrolments[0]!.id);
    expect(byEnrolment[enrolments[2]!.id]!.status).toBe('absent');
    // The school is now engaged in the activity's year (the engagement definition counts present marks).
    expect(await engagedSchools(t.db, { yearCode: activity.yearCode })).toContain(school.urn);
    expect((await eventsAbout(t.db, 'programme_event', event.id))[0]!.action).toBe('event.attendance_marked');
    // The activity's own session list counts it.
    const sessions = await t.db
      .select()
      .from(activitySessions)
      .where(eq(activitySessions.activityId, activity.id));
    expect(sessions).toHaveLength(1);
  });

  it('the participants of an activity are eligible; documents, comments and contact open after confirming', async () => {
    const ncp = await makeNcp(t.db, { yearCode: academicYearOf(dayFromToday(60)) });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: academicYearOf(dayFromToday(60)),
    });
    const participant = await personWithClient([{ role: 'participant', hubId: hub.id }]);
    const outsider = await personWithClient([{ role: 'participant', hubId: hub.id }]);
    await enrol(t.db, { activityId: activity.id, personId: participant.person.id });
    const event = await makeEvent(t.db, { hubId: hub.id });
    await t.db.insert(eventTargets).values({ eventId: event.id, kind: 'activity', activityId: activity.id });
    await t.db
      .update(programmeEvents)
      .set({ contactName: 'Alex Organiser', contactEmail: 'alex@hub.example' })
      .where(eq(programmeEvents.id, event.id));
    expect((await outsider.client.get(paths.events.show(event.id))).statusCode).toBe(404);
    await lead.client.submit(
      paths.events.documents(event.id),
      { title: 'Session slides', url: 'https://docs.example/slides.pdf' },
      paths.events.manage(event.id),
    );
    // Before confirming, the tabs show only the details.
    const before = await participant.client.get(`${paths.events.show(event.id)}?tab=documents`);
    expect(before.body).not.toContain('Session slides');
    await participant.client.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    const documents = await participant.client.get(`${paths.events.show(event.id)}?tab=documents`);
    expect(documents.body).toContain('href="https://docs.example/slides.pdf"');
    const contact = await participant.client.get(`${paths.events.show(event.id)}?tab=contact`);
    expect(contact.body).toContain('alex@hub.example');
    const commentsUrl = `${paths.events.show(event.id)}?tab=comments`;
    const empty = await participant.client.submit(paths.events.comments(event.id), { body: '' }, commentsUrl);
    expect((await participant.client.get(empty.headers.location as string)).body).toContain(
      'Enter a comment',
    );
    await participant.client.submit(
      paths.events.comments(event.id),
      { body: 'Is there parking nearby?' },
      commentsUrl,
    );
    expect((await lead.client.get(commentsUrl)).body).toContain('Is there parking nearby?');
  });

  it('an event that is a session of a hub activity adds the session to the registers of the activity', async () => {
    const day = dayFromToday(30);
    const ncp = await makeNcp(t.db, { yearCode: academicYearOf(day) });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: academicYearOf(day),
    });
    const form = `${paths.events.newEvent}?hub=central`;
    expect((await lead.client.get(form)).body).toContain(`value="${activity.id}"`);
    const done = await lead.client.submit(
      paths.events.newEvent,
      {
        hub: 'central',
        title: 'Work Group session 2',
        activityId: String(activity.id),
        format: 'face_to_face',
        venue: 'Beckside Primary School',
        ...dateFields('day', day),
        startTime: '13:30',
        endTime: '15:30',
        capacity: '14',
        waitingPriority: 'joined_first',
        targetActivityId: String(activity.id),
      },
      form,
    );
    const id = Number(/(\d+)$/.exec(done.headers.location as string)?.[1]);
    const [event] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, id));
    expect(event!.activityId).toBe(activity.id);
    expect(event!.ncpId).toBe(ncp.id);
    const [session] = await t.db
      .select()
      .from(activitySessions)
      .where(eq(activitySessions.id, event!.activitySessionId!));
    expect(session!.activityId).toBe(activity.id);
    expect(session!.title).toBe('Work Group session 2');
    expect(session!.startsAt.getTime()).toBe(event!.startsAt.getTime());
    // Another hub's activity cannot be chosen.
    const otherActivity = await makeActivity(t.db, {
      hubId: otherHub.id,
      ncpId: ncp.id,
      yearCode: academicYearOf(day),
    });
    const wrong = await lead.client.submit(
      paths.events.newEvent,
      {
        hub: 'central',
        title: 'x',
        activityId: String(otherActivity.id),
        format: 'online',
        connectUrl: 'https://zoom.example/j/1',
        ...dateFields('day', day),
        startTime: '10:00',
        endTime: '11:00',
        capacity: '5',
        waitingPriority: 'joined_first',
        targetRole: 'llme',
      },
      form,
    );
    expect((await lead.client.get(wrong.headers.location as string)).body).toContain(
      'Choose an activity of the hub',
    );
  });

  it('a video platform report imports attendance by email, all or nothing, every bad line reported', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => makePerson(t.db)));
    const stranger = await makePerson(t.db);
    const event = await makeEvent(t.db, { hubId: hub.id, startsAt: new Date(Date.now() - 3600_000) });
    for (const p of [a, b, c]) await givePlace(t.db, event.id, p!.id);
    await givePlace(t.db, event.id, stranger.id, 'waiting');
    const upload = async (text: string) => {
      const session = `${SESSION_COOKIE}=${encodeURIComponent(t.app.signCookie(await createSession(t.db, lead.personId)))}`;
      const page = await t.app.inject({
        method: 'GET',
        url: paths.events.manage(event.id),
        headers: { cookie: session },
      });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const csrfCookie = page.cookies.find((c) => c.name === 'mh_csrf')!;
      const { payload, contentType } = multipartBody(
        { _csrf: token },
        { name: 'zoom.csv', bytes: Buffer.from(text) },
      );
      return t.app.inject({
        method: 'POST',
        url: `${paths.events.attendanceImport(event.id)}?_csrf=${encodeURIComponent(token)}`,
        payload,
        headers: {
          'content-type': contentType,
          cookie: `${session}; mh_csrf=${encodeURIComponent(csrfCookie.value)}`,
        },
      });
    };
    const bad = await upload(
      `Name (Original Name),User Email,Join Time,Duration (Minutes)\n${a!.givenName},${a!.email},10:00,60\nGuest,,10:01,50\nSomeone,nobody@example.org,10:02,40\nWaiting,${stranger.email},10:03,30\n`,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('was not imported');
    expect(bad.body).toMatch(
      /<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>\s*<td class="govuk-table__cell">The email is empty/,
    );
    expect(bad.body).toContain('nobody@example.org has no place at this event');
    expect(bad.body).toContain('has no confirmed place (waiting)');
    const untouched = await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id));
    expect(untouched.filter((p) => p.status === 'attended')).toHaveLength(0);

    const good = await upload(
      `User Email,Also attending\n${a!.email.toUpperCase()},${b!.email}\n${a!.email},\n`,
    );
    expect(good.statusCode).toBe(303);
    const after = await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event.id));
    const byPerson = Object.fromEntries(after.map((p) => [p.personId, p]));
    expect(byPerson[a!.id]!.status).toBe('attended');
    expect(byPerson[b!.id]!.status).toBe('attended');
    expect(byPerson[b!.id]!.joinedViaPlaceId).toBe(byPerson[a!.id]!.id);
    expect(byPerson[c!.id]!.status).toBe('confirmed');
  });
});
