import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { dayFromToday, givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { fundingClaims } from '../funding/schema.ts';

/** The signed-in home is a list of what needs doing for that person, counted from the records (issue 14). */
describe('the to-do list', () => {
  let t: TestContext;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    await makeLocalAuthority(t.db, { code: '384', name: 'Wakefield' });
    const other = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' }, [{ laCode: '384' }]);
    const school = await makeSchool(t.db, { laCode: '383' });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    Object.assign(ids, { llme: llme.id, lead: lead.id, admin: admin.id, teacher: teacher.id });
    const ncp = await makeNcp(t.db, { yearCode: '2023/24', code: 'NCP23-09', title: 'Primary Work Groups' });
    // An ended activity (2023/24) the LLME leads: two past sessions, one register taken, one not; the
    // teacher still "registered", so its outcomes are to record.
    const ended = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
    ids.ended = ended.id;
    await addLead(t.db, ended.id, llme.id);
    const enrolment = await enrol(t.db, {
      activityId: ended.id,
      personId: teacher.id,
      schoolUrn: school.urn,
    });
    const taken = await makeSession(t.db, { activityId: ended.id, startsAt: '2023-10-10T13:30:00Z' });
    await mark(t.db, taken.id, enrolment.id, 'present');
    await makeSession(t.db, { activityId: ended.id, startsAt: '2023-11-10T13:30:00Z' });
    // Another hub's activity, just as unfinished: nobody here is asked about it.
    const elsewhere = await makeActivity(t.db, { hubId: other.id, ncpId: ncp.id, yearCode: '2023/24' });
    await enrol(t.db, { activityId: elsewhere.id, personId: teacher.id });
    await makeSession(t.db, { activityId: elsewhere.id, startsAt: '2023-11-10T13:30:00Z' });
    // Events: two open to the teacher (one already booked), one past hub event with a place unmarked.
    await makeEvent(t.db, { hubId: hub.id, invite: [teacher.id] });
    const booked = await makeEvent(t.db, { hubId: hub.id, invite: [teacher.id] });
    await givePlace(t.db, booked.id, teacher.id);
    await makeEvent(t.db, { hubId: hub.id, invite: [teacher.id], confirmBy: dayFromToday(-1) });
    const past = await makeEvent(t.db, { hubId: hub.id, startsAt: new Date(Date.now() - 86_400_000) });
    await givePlace(t.db, past.id, teacher.id);
    // Claims: two submitted, one decided.
    const claim = {
      hubId: hub.id,
      yearCode: '2023/24',
      ncpCode: 'NCP23-09',
      kind: 'travel' as const,
      claimantName: 'A Lead',
      amountPence: 1000,
      description: 'Travel',
    };
    await t.db.insert(fundingClaims).values([claim, claim, { ...claim, status: 'approved' as const }]);
  });
  afterAll(() => t?.close());

  const toDosOf = async (personId: number) => {
    const client = await signedInClient(t.app, t.db, personId);
    const page = await client.get(paths.dashboard);
    expect(page.statusCode).toBe(200);
    return [
      ...page.body.matchAll(/<li data-kind="([a-z_]+)"><a class="[^"]*" href="([^"]+)">([^<]+)<\/a>/g),
    ].map((m) => ({ kind: m[1], href: m[2], text: m[3] }));
  };

  it('gives an LLME their registers to take and the outcomes of the activity they lead that has ended', async () => {
    expect(await toDosOf(ids.llme!)).toEqual([
      { kind: 'registers', href: paths.my.activities, text: '1 register to take' },
      {
        kind: 'outcomes',
        href: paths.activity.outcomes(ids.ended!),
        text: '1 ended activity with outcomes to record',
      },
    ]);
  });

  it('gives a participant the events they can still book a place at', async () => {
    expect(await toDosOf(ids.teacher!)).toEqual([
      { kind: 'events_to_confirm', href: paths.events.mine, text: '1 event you can book a place at' },
    ]);
  });

  it('gives hub leadership their hub’s ended events and activities, and the national team the claims', async () => {
    expect((await toDosOf(ids.lead!)).map((d) => d.text)).toEqual([
      '1 event that has ended with attendance to mark',
      '1 ended activity with outcomes to record',
    ]);
    expect(await toDosOf(ids.admin!)).toEqual([
      { kind: 'claims', href: paths.funding.allClaims, text: '2 claims to decide' },
    ]);
  });

  it('names a school contact’s school among their roles, not its URN', async () => {
    const school = await makeSchool(t.db, { laCode: '383', name: 'Kelbridge Academy' });
    const contact = await makePerson(t.db, [{ role: 'school_contact', schoolUrn: school.urn }]);
    const page = await (await signedInClient(t.app, t.db, contact.id)).get(paths.dashboard);
    expect(page.body).toContain(`href="${paths.school(school.urn)}">Kelbridge Academy</a>`);
    expect(page.body).not.toContain(`School URN ${school.urn}`);
  });
});
