import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo } from '../../../test/support/auth-helpers.ts';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { csrfFor } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments, hubActivities } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { interests } from './schema.ts';

let t: TestContext;
const thisYear = academicYearOf(todayInEngland());
let hub: { id: number; slug: string; name: string };
let otherHub: { id: number; slug: string };
let school: { urn: number; name: string };
let leader: { id: number };
let otherLeader: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
  otherHub = await makeHub(t.db);
  school = await makeSchool(t.db, { laCode: la.code, name: 'Acorndale Primary School' });
  leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }]);
  otherLeader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }]);
});
afterAll(() => t.close());

const interestFields = (overrides: Record<string, string | string[]> = {}) => ({
  schoolUrn: String(school.urn),
  roleInSchool: 'Class teacher',
  yearGroups: ['Year 3'],
  note: 'Two of us would like to come',
  ...overrides,
});

async function teacher() {
  return makePerson(t.db, [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }], {
    schoolUrn: school.urn,
  });
}

describe('registering interest', () => {
  it('records interest in an activity, emails the person, logs it, shows it on the offer and to the hub', async () => {
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: thisYear,
      status: 'planned',
    });
    const contact = await teacher();
    const client = await signedInClient(t.app, t.db, contact.id);
    const url = `${paths.registerInterest}?activity=${activity.id}`;
    const form = await client.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${school.urn}"`);

    // Bad input: the error summary, the input kept, nothing recorded.
    const bad = await client.submit(
      paths.registerInterest,
      { activityId: String(activity.id), ...interestFields({ roleInSchool: '' }) },
      url,
    );
    expect(bad.statusCode).toBe(303);
    const again = await client.get(bad.headers.location as string);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('Two of us would like to come');
    expect(await t.db.select().from(interests).where(eq(interests.personId, contact.id))).toHaveLength(0);

    const response = await client.submit(
      paths.registerInterest,
      { activityId: String(activity.id), ...interestFields() },
      url,
    );
    expect(response.statusCode).toBe(303);
    const rows = await t.db.select().from(interests).where(eq(interests.personId, contact.id));
    expect(rows).toEqual([
      expect.objectContaining({
        activityId: activity.id,
        hubId: hub.id,
        schoolUrn: school.urn,
        status: 'open',
        roleInSchool: 'Class teacher',
      }),
    ]);
    const mail = await latestMailTo(t.db, contact.email);
    expect(mail?.subject).toBe(`Your interest in ${activity.title}`);
    expect(mail?.textBody).toContain(`We have told ${hub.name}`);
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(rows[0]!.id)));
    expect(logged.map((e) => e.action)).toContain('interest.registered');

    // Twice: refused.
    const twice = await client.submit(
      paths.registerInterest,
      { activityId: String(activity.id), ...interestFields() },
      url,
    );
    const twicePage = await client.get(twice.headers.location as string);
    expect(twicePage.body).toContain('You have already registered interest in this');

    const offer = await client.get(paths.hubOffer(hub.slug));
    expect(offer.body).toContain('You have registered interest');

    // The hub sees it; another hub does not.
    const hubClient = await signedInClient(t.app, t.db, leader.id);
    const before = await t.db.execute(sql`SELECT count(*)::int AS n FROM event_log`);
    const list = await hubClient.get(`${paths.myHub.interest}?activity=${activity.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`${contact.givenName} ${contact.familyName}`);
    expect(list.body).toContain('Two of us would like to come');
    expect((await t.db.execute(sql`SELECT count(*)::int AS n FROM event_log`)).rows).toEqual(before.rows);
    const other = await signedInClient(t.app, t.db, otherLeader.id);
    const otherList = await other.get(paths.myHub.interest);
    expect(otherList.body).not.toContain('Two of us would like to come');
  });

  it('registers chosen interest in bulk, and refuses the whole batch when one cannot be registered', async () => {
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: thisYear,
      status: 'planned',
    });
    const a = await teacher();
    const b = await teacher();
    for (const person of [a, b]) {
      const client = await signedInClient(t.app, t.db, person.id);
      const url = `${paths.registerInterest}?activity=${activity.id}`;
      await client.submit(
        paths.registerInterest,
        { activityId: String(activity.id), ...interestFields() },
        url,
      );
    }
    const [ia, ib] = await Promise.all(
      [a, b].map(async (p) => (await t.db.select().from(interests).where(eq(interests.personId, p.id)))[0]!),
    );
    // b is already registered: the batch is refused, naming b, and a is not registered either.
    await t.db.insert(enrolments).values({ activityId: activity.id, personId: b.id, schoolUrn: school.urn });
    const hubClient = await signedInClient(t.app, t.db, leader.id);
    const refused = await hubClient.submit(
      paths.myHub.registerInterests,
      { hubId: String(hub.id), interestIds: [String(ia!.id), String(ib!.id)] },
      paths.myHub.interest,
    );
    expect(refused.statusCode).toBe(303);
    const page = await hubClient.get(refused.headers.location as string);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain(`Nobody was registered. ${b.givenName} ${b.familyName}: Already registered`);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, a.id))).toHaveLength(0);

    // Another hub's leadership cannot register this hub's interest.
    const other = await signedInClient(t.app, t.db, otherLeader.id);
    const _csrf = await csrfFor(t.app, t.db, paths.activity.show(activity.id), other);
    const foreign = await other.post(paths.myHub.registerInterests, {
      hubId: String(hub.id),
      interestIds: [String(ia!.id)],
      _csrf,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, a.id))).toHaveLength(0);

    const done = await hubClient.submit(
      paths.myHub.registerInterests,
      { hubId: String(hub.id), interestIds: [String(ia!.id)] },
      paths.myHub.interest,
    );
    expect(done.statusCode).toBe(303);
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.personId, a.id));
    expect(enrolment).toMatchObject({
      activityId: activity.id,
      schoolUrn: school.urn,
      roleInSchool: 'Class teacher',
    });
    const [after] = await t.db.select().from(interests).where(eq(interests.id, ia!.id));
    expect(after).toMatchObject({ status: 'registered', decidedByPersonId: leader.id });
    expect((await latestMailTo(t.db, a.email))?.subject).toBe(`You are registered for ${activity.title}`);
  });

  it('lets the hub open an activity for direct registration from the offer page', async () => {
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: thisYear,
      status: 'planned',
    });
    const hubClient = await signedInClient(t.app, t.db, leader.id);
    const response = await hubClient.submit(
      paths.activity.directRegistration(activity.id),
      { open: 'yes' },
      paths.activity.show(activity.id),
    );
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(row!.openForDirectRegistration).toBe(true);
    const other = await signedInClient(t.app, t.db, otherLeader.id);
    const _csrf = await csrfFor(t.app, t.db, paths.activity.show(activity.id), other);
    const refused = await other.post(paths.activity.directRegistration(activity.id), { open: 'no', _csrf });
    expect(refused.statusCode).toBe(404);
  });

  it('works through the API: interest registered, listed for the hub, registered all or nothing', async () => {
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: thisYear,
      status: 'planned',
    });
    const person = await teacher();
    const tokenOf = async (personId: number) =>
      (await createApiToken(t.db, systemActor('test'), { personId, name: 'test' })).token;
    const call = async (method: 'GET' | 'POST', url: string, personId: number, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        payload: payload as never,
        headers: { authorization: `Bearer ${await tokenOf(personId)}` },
      });
    const created = await call('POST', paths.api.activityInterest(activity.id), person.id, {
      schoolUrn: school.urn,
      roleInSchool: 'Maths lead',
      yearGroups: ['Year 6'],
    });
    expect(created.statusCode).toBe(201);
    const { interestId } = created.json() as { interestId: number };
    const listed = await call(
      'GET',
      `${paths.api.hubInterest(hub.slug)}?status=open&activityId=${activity.id}`,
      leader.id,
    );
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { interests: { id: number }[] }).interests.map((i) => i.id)).toEqual([
      interestId,
    ]);
    expect((await call('GET', paths.api.hubInterest(hub.slug), otherLeader.id)).statusCode).toBe(404);
    const registered = await call('POST', paths.api.hubInterestRegistrations(hub.slug), leader.id, {
      interestIds: [interestId],
    });
    expect(registered.statusCode).toBe(201);
    expect((registered.json() as { enrolmentIds: number[] }).enrolmentIds).toHaveLength(1);
    const again = await call('POST', paths.api.hubInterestRegistrations(hub.slug), leader.id, {
      interestIds: [interestId],
    });
    expect(again.statusCode).toBe(422);
  });
});
