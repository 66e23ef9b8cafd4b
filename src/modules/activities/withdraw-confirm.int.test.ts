import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { eventsAbout, type SignedIn, signInHubLead } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools, enrolments } from './schema.ts';

/** Withdrawing a school or a participant asks first: the page says what will happen; looking never writes. */
describe('withdrawing from an activity asks first', () => {
  let t: TestContext;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let activityId: number;
  let urn: number;
  let enrolmentId: number;

  const schoolStatus = async () =>
    (
      await t.db
        .select({ status: activitySchools.status })
        .from(activitySchools)
        .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, urn)))
    )[0]!.status;
  const enrolmentStatus = async () =>
    (await t.db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)))[0]!.status;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    const hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    const otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    const school = await makeSchool(t.db, { laCode: '330', name: 'Acorndale Primary School' });
    const second = await makeSchool(t.db, { laCode: '330' });
    urn = school.urn;
    const ncp = await makeNcp(t.db, {
      code: '23-24-TFM-DEV',
      title: 'Primary Teaching for Mastery Development',
      type: 'work_group',
      rules: { groupSize: { min: 2, max: 8, unit: 'schools' } },
    });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Developing Mastery WG 3',
    });
    activityId = activity.id;
    await addSchool(t.db, activityId, urn);
    await addSchool(t.db, activityId, second.urn);
    const person = await makePerson(t.db, [], { givenName: 'Owen', familyName: 'Leaves' });
    enrolmentId = (await enrol(t.db, { activityId, personId: person.id, schoolUrn: urn })).id;
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, otherHub.id);
  });
  afterAll(() => t.close());

  it('the activity page links to the confirmation pages instead of withdrawing at once', async () => {
    const page = await lead.client.get(paths.activity.show(activityId));
    expect(page.body).toContain(`href="${paths.activity.withdrawSchool(activityId, urn)}"`);
    expect(page.body).toContain(`href="${paths.activity.withdrawParticipant(activityId, enrolmentId)}"`);
  });

  it('asks before withdrawing a school, says what happens, and withdraws it once confirmed', async () => {
    const confirmUrl = paths.activity.withdrawSchool(activityId, urn);
    const page = await lead.client.get(confirmUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Withdraw Acorndale Primary School from Developing Mastery WG 3');
    expect(page.body).toContain(
      'Acorndale Primary School will no longer count as taking part in Developing Mastery WG 3; its history stays.',
    );
    expect(page.body).toContain('Its participant stays on the activity');
    // The group falls under the NCP's minimum of two schools.
    expect(page.body).toContain('The group has 1 school: a group of this NCP has 2 to 8 schools.');
    expect(page.body).toContain('You can add the school again');
    expect(page.body).toContain(`href="${paths.activity.show(activityId)}" data-testid="cancel-link"`);
    // Looking never writes.
    expect(await schoolStatus()).toBe('registered');
    expect(await eventsAbout(t.db, 'hub_activity', activityId)).toHaveLength(0);

    const done = await lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'withdraw', urn: String(urn) },
      confirmUrl,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.activity.show(activityId));
    expect(await schoolStatus()).toBe('withdrawn');
    // A school already withdrawn has nothing to confirm.
    expect((await lead.client.get(confirmUrl)).statusCode).toBe(404);
  });

  it('asks before withdrawing a participant and withdraws them once confirmed', async () => {
    const confirmUrl = paths.activity.withdrawParticipant(activityId, enrolmentId);
    const page = await lead.client.get(confirmUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Withdraw Owen Leaves from Developing Mastery WG 3');
    expect(page.body).toContain(
      'Owen Leaves will leave the registers and counts of Developing Mastery WG 3; their enrolment and the attendance already marked stay.',
    );
    expect(page.body).toContain('Owen Leaves can register for the activity again.');
    expect(await enrolmentStatus()).toBe('registered');

    const done = await lead.client.submit(
      paths.activity.participants(activityId),
      { enrolmentId: String(enrolmentId) },
      confirmUrl,
    );
    expect(done.statusCode).toBe(303);
    expect(await enrolmentStatus()).toBe('withdrawn');
    expect((await lead.client.get(confirmUrl)).statusCode).toBe(404);
  });

  it("another hub's leadership do not find the confirmation pages", async () => {
    expect((await otherLead.client.get(paths.activity.withdrawSchool(activityId, urn))).statusCode).toBe(404);
    expect(
      (await otherLead.client.get(paths.activity.withdrawParticipant(activityId, enrolmentId))).statusCode,
    ).toBe(404);
    expect((await lead.client.get(paths.activity.withdrawSchool(activityId, 999999))).statusCode).toBe(404);
  });
});
