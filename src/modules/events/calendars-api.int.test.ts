import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday, makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { bankHolidaySet } from './bank-holidays.ts';
import { bankHolidays, programmeEvents } from './schema.ts';

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('event calendars, changes and cancellation, the API and the bank holiday calendar', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    lead = await signInHubLead(t.app, t.db, hub.id);
    admin = await signInNationalAdmin(t.app, t.db);
  });
  afterAll(() => t.close());

  it('the bank holidays are loaded by the migration and the national team add one-off days', async () => {
    const holidays = await bankHolidaySet(t.db);
    expect(holidays.has('2023-05-08')).toBe(true);
    expect(holidays.size).toBeGreaterThanOrEqual(83);
    expect((await lead.client.get(paths.events.bankHolidays)).statusCode).toBe(403);
    const page = await admin.client.get(paths.events.bankHolidays);
    expect(page.body).toContain('coronation of King Charles III');
    const bad = await admin.client.submit(paths.events.bankHolidays, {
      'date-day': '31',
      'date-month': '2',
      'date-year': '2030',
      title: '',
    });
    const again = await admin.client.get(bad.headers.location as string);
    expect(again.body).toContain('The date must be a real date');
    expect(again.body).toContain('Enter the name of the bank holiday');
    // A new day moves the deadline of an event to come that counted it as a working day.
    const eventDay = dayFromToday(70);
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      startsAt: new Date(`${eventDay}T10:00:00Z`),
      confirmBy: '2000-01-01',
    });
    const added = await admin.client.submit(paths.events.bankHolidays, {
      ...dateFields('date', '2031-06-02'),
      title: 'A one-off bank holiday',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await t.db.select().from(bankHolidays).where(eq(bankHolidays.date, '2031-06-02'));
    expect(row!.title).toBe('A one-off bank holiday');
    const [moved] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, event.id));
    expect(moved!.confirmBy > '2000-01-01').toBe(true);
    expect((await eventsAbout(t.db, 'bank_holidays', '2031-06-02'))[0]!.action).toBe('bank_holidays.added');
  });

  it('an .ics per event, and a personal feed that follows changes and cancellation until revoked', async () => {
    const person = await makePerson(t.db);
    const client = await signedInClient(t.app, t.db, person.id);
    const day = dayFromToday(45);
    const created = await lead.client.submit(
      paths.events.newEvent,
      {
        hub: 'central',
        title: 'Launch event; Mastering Number, KS2',
        format: 'online',
        platform: 'Zoom',
        connectUrl: 'https://zoom.example/j/42',
        ...dateFields('day', day),
        startTime: '16:00',
        endTime: '17:30',
        capacity: '40',
        waitingPriority: 'joined_first',
        inviteEmails: person.email,
      },
      `${paths.events.newEvent}?hub=central`,
    );
    const id = Number(/(\d+)$/.exec(created.headers.location as string)?.[1]);
    const ics = await client.get(paths.events.ics(id));
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('SUMMARY:Launch event\\; Mastering Number\\, KS2');
    expect(ics.body).toContain(`DTSTART;TZID=Europe/London:${day.replaceAll('-', '')}T160000`);
    expect(ics.body).toContain('SEQUENCE:0');

    await client.submit(paths.events.confirm(id), {}, paths.events.show(id));
    const made = await client.submit(paths.events.calendarFeed, {});
    const feedUrl = /data-testid="feed-url">([^<]+)</.exec(made.body)?.[1];
    expect(feedUrl).toBeTruthy();
    const feedPath = new URL(feedUrl!).pathname;
    const feed = await t.app.inject({ method: 'GET', url: feedPath });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('STATUS:CONFIRMED');

    // The organiser moves it to 17:00: the feed shows the new time with a higher SEQUENCE.
    const form = await lead.client.get(paths.events.edit(id));
    expect(form.body).toContain('value="16:00"');
    const changed = await lead.client.submit(
      paths.events.edit(id),
      {
        title: 'Launch event; Mastering Number, KS2',
        format: 'online',
        platform: 'Zoom',
        connectUrl: 'https://zoom.example/j/42',
        ...dateFields('day', day),
        startTime: '17:00',
        endTime: '18:30',
        capacity: '40',
        waitingPriority: 'joined_first',
        inviteEmails: person.email,
      },
      paths.events.edit(id),
    );
    expect(changed.statusCode).toBe(303);
    const after = await t.app.inject({ method: 'GET', url: feedPath });
    expect(after.body).toContain(`DTSTART;TZID=Europe/London:${day.replaceAll('-', '')}T170000`);
    expect(after.body).toContain('SEQUENCE:1');

    await lead.client.submit(paths.events.cancel(id), { reason: 'Speaker unwell' }, paths.events.manage(id));
    const cancelled = await t.app.inject({ method: 'GET', url: feedPath });
    expect(cancelled.body).toContain('STATUS:CANCELLED');
    expect(cancelled.body).toContain('SEQUENCE:2');
    const { rows } = await t.db.$client.query(
      "SELECT count(*)::int AS n FROM event_notifications WHERE event_id = $1 AND kind = 'cancellation'",
      [id],
    );
    expect(rows[0].n).toBe(1);

    await client.submit(paths.events.calendarFeedRevoke, {}, paths.events.calendarFeed);
    expect((await t.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
  });

  it('a person chooses a daily digest; the list of an organiser downloads as CSV and Excel', async () => {
    const person = await makePerson(t.db);
    const client = await signedInClient(t.app, t.db, person.id);
    const none = await client.submit(paths.events.emailPreferences, {});
    expect((await client.get(none.headers.location as string)).body).toContain(
      'Choose how to get event emails',
    );
    await client.submit(paths.events.emailPreferences, { delivery: 'digest' });
    const { rows } = await t.db.$client.query(
      'SELECT daily_digest FROM event_mail_preferences WHERE person_id = $1',
      [person.id],
    );
    expect(rows[0].daily_digest).toBe(true);
    expect((await client.get(paths.events.emailPreferences)).body).toMatch(/value="digest" checked/);
    await makeEvent(t.db, { hubId: hub.id, title: 'Listed event, with a comma' });
    const csv = await lead.client.get(`${paths.events.organise}?hub=central&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(
      'Title,Hub,NCP,Format,Starts,Confirm by,Status,Places,Confirmed,Waiting,Attended',
    );
    expect(csv.body).toContain('"Listed event, with a comma"');
    const xlsx = await lead.client.get(`${paths.events.organise}?hub=central&format=xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('the API lists eligible events, confirms and cancels with a token', async () => {
    const person = await makePerson(t.db);
    const other = await makePerson(t.db);
    const event = await makeEvent(t.db, { hubId: hub.id, capacity: 1, invite: [person.id, other.id] });
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: person.id, name: 'test' });
    const { token: otherToken } = await createApiToken(t.db, systemActor('test'), {
      personId: other.id,
      name: 'test',
    });
    const call = (method: 'GET' | 'POST', url: string, bearer = token) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` } });
    const list = await call('GET', paths.api.myEvents);
    expect(list.statusCode).toBe(200);
    const found = list.json().events.find((e: { id: number }) => e.id === event.id);
    expect(found).toMatchObject({
      confirmBy: event.confirmBy,
      placesLeft: 1,
      place: null,
      confirmationClosed: null,
    });
    expect((await call('POST', paths.api.confirmEvent(event.id))).json()).toEqual({
      eventId: event.id,
      place: 'confirmed',
    });
    expect((await call('POST', paths.api.confirmEvent(event.id), otherToken)).json()).toEqual({
      eventId: event.id,
      place: 'waiting',
    });
    expect((await call('POST', paths.api.cancelEventPlace(event.id))).json()).toEqual({
      eventId: event.id,
      place: 'cancelled',
    });
    const upcoming = await call('GET', `${paths.api.myEvents}?tab=upcoming`, otherToken);
    expect(upcoming.json().events.find((e: { id: number }) => e.id === event.id).place).toBe('confirmed');
    // An event someone is not eligible for is not found; no token is unauthorised.
    const stranger = await makePerson(t.db);
    const { token: strangerToken } = await createApiToken(t.db, systemActor('test'), {
      personId: stranger.id,
      name: 't',
    });
    expect((await call('POST', paths.api.confirmEvent(event.id), strangerToken)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: paths.api.myEvents })).statusCode).toBe(401);
    // The OpenAPI document describes the routes.
    const docs = await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` });
    expect(docs.body).toContain('/api/v1/events/{id}/confirm');
  });
});
