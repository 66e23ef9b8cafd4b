import { and, eq } from 'drizzle-orm';
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
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { interests } from './schema.ts';

describe('hub leadership decline interest', () => {
  let t: TestContext;
  let hub: { id: number; name: string };
  let leader: { id: number };
  let otherLeader: { id: number };
  let activityId: number;
  let schoolUrn: number;
  const thisYear = academicYearOf(todayInEngland());

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db);
    hub = await makeHub(t.db, { name: 'Decliners Maths Hub' }, [{ laCode: la.code }]);
    const otherHub = await makeHub(t.db);
    schoolUrn = (await makeSchool(t.db, { laCode: la.code })).urn;
    leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    otherLeader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }]);
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    activityId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: thisYear,
        status: 'planned',
        title: 'Autumn Work Group',
      })
    ).id;
  });
  afterAll(() => t.close());

  async function interestOf(givenName: string) {
    const person = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName,
      familyName: 'Keen',
    });
    const [row] = await t.db
      .insert(interests)
      .values({ activityId, hubId: hub.id, personId: person.id, schoolUrn })
      .returning();
    return { interest: row!, person };
  }

  it('asks first, then declines with a reason: the person is emailed, it is logged, it leaves the open list', async () => {
    const { interest, person } = await interestOf('Dana');
    const client = await signedInClient(t.app, t.db, leader.id);
    const list = await client.get(paths.myHub.interest);
    expect(list.body).toContain(`href="${paths.myHub.declineInterest(interest.id)}"`);

    const confirm = await client.get(paths.myHub.declineInterest(interest.id));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Decline Dana Keen’s interest');
    expect(confirm.body).toContain('We will email Dana Keen to tell them the hub cannot offer them a place');
    // Looking never writes.
    const [still] = await t.db.select().from(interests).where(eq(interests.id, interest.id));
    expect(still!.status).toBe('open');

    // A reason over the limit is refused with the input kept, and nothing changes.
    const long = 'x'.repeat(1001);
    const bad = await client.submit(paths.myHub.declineInterest(interest.id), { reason: long });
    expect(bad.statusCode).toBe(303);
    const again = await client.get(bad.headers.location as string);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('The reason must be 1,000 characters or fewer');
    expect((await t.db.select().from(interests).where(eq(interests.id, interest.id)))[0]!.status).toBe(
      'open',
    );

    const done = await client.submit(paths.myHub.declineInterest(interest.id), {
      reason: 'The group is full this year',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.myHub.interest);
    const after = await client.get(paths.myHub.interest);
    expect(after.body).toContain('You have declined Dana Keen’s interest in Autumn Work Group');
    expect(after.body).not.toContain(`data-testid="interest-row-${interest.id}"`);
    const declinedList = await client.get(`${paths.myHub.interest}?status=declined`);
    expect(declinedList.body).toContain(`data-testid="interest-row-${interest.id}"`);

    const [row] = await t.db.select().from(interests).where(eq(interests.id, interest.id));
    expect(row).toMatchObject({ status: 'declined', decidedByPersonId: leader.id });
    const mail = await latestMailTo(t.db, person.email);
    expect(mail?.subject).toContain('Your interest in Autumn Work Group');
    expect(mail?.textBody).toContain('cannot offer you a place');
    expect(mail?.textBody).toContain('The hub says: The group is full this year');
    const [logged] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'interest.declined'), eq(eventLog.subjectId, String(interest.id))));
    expect(logged).toMatchObject({ hubId: hub.id, reason: 'The group is full this year' });

    // Declining again changes nothing and says why.
    const twice = await client.submit(paths.myHub.declineInterest(interest.id), {}, paths.accountPassword);
    expect((await client.get(twice.headers.location as string)).body).toContain('already declined');
  });

  it('declines without a reason', async () => {
    const { interest, person } = await interestOf('Eli');
    const client = await signedInClient(t.app, t.db, leader.id);
    await client.submit(paths.myHub.declineInterest(interest.id), { reason: '' });
    const mail = await latestMailTo(t.db, person.email);
    expect(mail?.textBody).toContain('cannot offer you a place');
    expect(mail?.textBody).not.toContain('The hub says');
  });

  it('another hub’s leadership cannot see or decline it (not found)', async () => {
    const { interest } = await interestOf('Fay');
    const other = await signedInClient(t.app, t.db, otherLeader.id);
    expect((await other.get(paths.myHub.declineInterest(interest.id))).statusCode).toBe(404);
    const post = await other.submit(paths.myHub.declineInterest(interest.id), {}, paths.accountPassword);
    expect(post.statusCode).toBe(404);
    const [row] = await t.db.select().from(interests).where(eq(interests.id, interest.id));
    expect(row!.status).toBe('open');
  });
});
