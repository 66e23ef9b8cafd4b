import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp, makeSession, mark } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { attendanceMarks, enrolments } from '../activities/schema.ts';
import { engagedSchools } from '../journeys/engaged-schools.ts';
import { people } from './schema.ts';

describe('a participant who moves school keeps their history', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('changes their school by the people admin; enrolments, attendance and engagement stay with the old school', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const otherHub = await makeHub(t.db);
    const oldSchool = await makeSchool(t.db, { laCode: la.code, name: 'Oak Primary School' });
    const newSchool = await makeSchool(t.db, { laCode: la.code, name: 'Birch Primary School' });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Tess',
      familyName: 'Moved',
      schoolUrn: oldSchool.urn,
    });
    const ncp = await makeNcp(t.db, { title: 'Primary Reasoning Work Group' });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Reasoning WG 2023/24',
    });
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-11-01T09:00:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: teacher.id,
      schoolUrn: oldSchool.urn,
    });
    await mark(t.db, session.id, enrolment.id, 'present');
    expect(await engagedSchools(t.db, { yearCode: '2023/24' })).toEqual([oldSchool.urn]);

    const lead = await signedInClient(t.app, t.db, leader.id);
    const personPage = await lead.get(paths.admin.person(teacher.id));
    expect(personPage.body).toContain('Oak Primary School');
    expect(personPage.body).toContain(paths.admin.personSchool(teacher.id));
    const form = await lead.get(paths.admin.personSchool(teacher.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('They work at Oak Primary School');

    // A URN that is not in the register is refused, with the input kept.
    const formUrl = paths.admin.personSchool(teacher.id);
    const refused = await lead.submit(formUrl, { schoolUrn: '999', reason: 'Moved at Easter' }, formUrl);
    expect(refused.headers.location).toBe(`${formUrl}?schoolUrn=999`);
    const again = await lead.get(refused.headers.location!);
    expect(again.body).toContain('There is no school with URN 999');
    expect(again.body).toContain('value="999"');
    expect(again.body).toContain('Moved at Easter');

    const done = await lead.submit(
      formUrl,
      { schoolUrn: String(newSchool.urn), reason: 'Moved at Easter' },
      formUrl,
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.admin.person(teacher.id));
    const [now] = await t.db.select().from(people).where(eq(people.id, teacher.id));
    expect(now!.schoolUrn).toBe(newSchool.urn);
    const [logged] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'person.school_changed'), eq(eventLog.subjectId, String(teacher.id))));
    expect(logged).toMatchObject({
      actorPersonId: leader.id,
      hubId: hub.id,
      reason: 'Moved at Easter',
      changes: { schoolUrn: [oldSchool.urn, newSchool.urn] },
    });

    // Their history stays: the enrolment, its attendance, and the old school's engagement.
    const [kept] = await t.db.select().from(enrolments).where(eq(enrolments.id, enrolment.id));
    expect(kept!.schoolUrn).toBe(oldSchool.urn);
    expect(
      await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.enrolmentId, enrolment.id)),
    ).toHaveLength(1);
    expect(await engagedSchools(t.db, { yearCode: '2023/24' })).toEqual([oldSchool.urn]);
    const own = await signedInClient(t.app, t.db, teacher.id);
    const programmes = await own.get(paths.my.programmes);
    expect(programmes.body).toContain('Reasoning WG 2023/24');
    expect(programmes.body).toContain('Oak Primary School');
    const programme = await own.get(paths.my.programme(enrolment.id));
    expect(programme.body).toContain('You have attended 1 of 1 session');

    // New registrations start from the new school.
    const next = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Reasoning WG 2',
      yearCode: '2023/24',
    });
    const signUp = await own.get(paths.activity.signUp(next.id));
    expect(signUp.body).toContain(`value="${newSchool.urn}"`);

    // Another hub's leadership, and national analysts, may not change it.
    const otherLead = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }])).id,
    );
    // Another hub's person is not found for them (existence not disclosed).
    expect((await otherLead.get(formUrl)).statusCode).toBe(404);
    const analyst = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'national_analyst' }])).id,
    );
    expect((await analyst.get(formUrl)).statusCode).toBe(403);
    // Choosing the school they are at already changes nothing.
    await lead.submit(formUrl, { schoolUrn: String(newSchool.urn) }, formUrl);
    expect((await lead.get(formUrl)).body).toContain('They are already at Birch Primary School');
  });
});
