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
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools, enrolments, hubActivities } from '../activities/schema.ts';
import { registerParticipant } from './register-participant.ts';

let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('a Phase 2 registered as an intent', () => {
  it('is enrolled when the hub plans its Phase 2 group, with events and an email; others are left alone', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, { name: 'North Maths Hub' }, [{ laCode: la.code }]);
    const otherHub = await makeHub(t.db);
    const school = await makeSchool(t.db, { laCode: la.code });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const phase2Ncp = await makeNcp(t.db, {
      yearCode: '2024/25',
      code: 'NCP24-28b',
      title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 2',
      type: 'programme',
      participation: 'required',
    });
    const phase1Ncp = await makeNcp(t.db, {
      code: 'NCP23-28a',
      title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1',
      type: 'programme',
      nextNcpCode: 'NCP24-28b',
    });
    const phase1 = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: phase1Ncp.id,
      kind: 'programme_cohort',
      title: 'ECT Phase 1 cohort',
    });
    const otherPhase1 = await makeActivity(t.db, {
      hubId: otherHub.id,
      ncpId: phase1Ncp.id,
      kind: 'programme_cohort',
    });
    const register = (activityId: number, email: string, givenName: string) =>
      registerParticipant(
        t.db,
        systemActor('test'),
        {
          activityId,
          person: { email, givenName, familyName: 'Teacher' },
          schoolUrn: school.urn,
          roleInSchool: 'Early career teacher',
          yearGroups: ['Year 5'],
          mentorName: 'Mo Mentor',
          mentorEmail: 'mo.mentor@example.org',
        },
        { mailer: t.services.mailer },
      );
    const ada = await register(phase1.id, 'ada@example.org', 'Ada');
    const ben = await register(phase1.id, 'ben@example.org', 'Ben');
    const cat = await register(phase1.id, 'cat@example.org', 'Cat');
    const dev = await register(otherPhase1.id, 'dev@example.org', 'Dev');
    for (const r of [ada, ben, cat, dev]) expect(r.continuationIntended).toBe(true);
    // Ben withdrew from Phase 1: he is not carried on.
    await t.db.update(enrolments).set({ status: 'withdrawn' }).where(eq(enrolments.id, ben.enrolmentId));

    const lead = await signedInClient(t.app, t.db, leader.id);
    const formUrl = `${paths.myHub.newActivity}?year=2024-25`;
    const planned = await lead.submit(
      paths.myHub.newActivity,
      {
        year: '2024-25',
        ncpId: String(phase2Ncp.id),
        kind: 'programme_cohort',
        title: 'ECT Phase 2 cohort',
        ...dateFields('startsOn', '2024-09-20'),
        ...dateFields('endsOn', '2025-07-10'),
      },
      formUrl,
    );
    expect(planned.statusCode).toBe(303);
    const [phase2] = await t.db
      .select()
      .from(hubActivities)
      .where(and(eq(hubActivities.hubId, hub.id), eq(hubActivities.ncpId, phase2Ncp.id)));
    expect(planned.headers.location).toBe(paths.activity.show(phase2!.id));
    const shown = await lead.get(paths.activity.show(phase2!.id));
    expect(shown.body).toContain(
      'ECT Phase 2 cohort has been planned. 2 participants who registered for both years are enrolled on it and emailed',
    );

    const rows = await t.db.select().from(enrolments).where(eq(enrolments.activityId, phase2!.id));
    expect(rows.map((r) => [r.personId, r.continuesEnrolmentId]).sort()).toEqual(
      [
        [ada.personId, ada.enrolmentId],
        [cat.personId, cat.enrolmentId],
      ].sort(),
    );
    expect(rows[0]).toMatchObject({
      schoolUrn: school.urn,
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 5'],
      mentorName: 'Mo Mentor',
      status: 'registered',
    });
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.subjectType, 'enrolment'), eq(eventLog.subjectId, String(rows[0]!.id))));
    expect(logged).toEqual([
      expect.objectContaining({
        action: 'enrolment.registered',
        actorPersonId: leader.id,
        hubId: hub.id,
        reason: 'Registered for both years on the first phase: enrolled when the hub planned this group',
      }),
    ]);
    const onSchool = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.activityId, phase2!.id));
    expect(onSchool.map((s) => s.schoolUrn)).toEqual([school.urn]);

    const mail = await latestMailTo(t.db, 'ada@example.org');
    expect(mail?.subject).toBe('You are enrolled on ECT Phase 2 cohort');
    expect(mail?.textBody).toContain(
      'When you registered for ECT Phase 1 cohort, you registered for both years. North Maths Hub has now set up its 2024/25 group',
    );
    expect(mail?.textBody).toContain('It runs from 20 September 2024 to 10 July 2025.');
    expect(mail?.textBody).toContain('Your commitment');
    expect(mail?.textBody).toMatch(
      /This is the second year of a two-year programme, after .*\nYear 2, 2024\/25: /,
    );
    expect(mail?.textBody).not.toContain('Taking part in every session');
    expect((await latestMailTo(t.db, 'ben@example.org'))?.subject).not.toContain('enrolled on');
    expect((await latestMailTo(t.db, 'dev@example.org'))?.subject).not.toContain('enrolled on');

    // Ada's pathway now shows her enrolled on the next phase.
    const own = await signedInClient(t.app, t.db, ada.personId);
    const pathway = await own.get(paths.my.programme(ada.enrolmentId));
    expect(pathway.body).toContain('Registered for the next phase');
    expect(pathway.body).toContain('You are registered for it: ECT Phase 2 cohort');

    // A second Phase 2 group enrols nobody again.
    await lead.submit(
      paths.myHub.newActivity,
      {
        year: '2024-25',
        ncpId: String(phase2Ncp.id),
        kind: 'programme_cohort',
        title: 'ECT Phase 2 second cohort',
        ...dateFields('startsOn', '2024-09-20'),
        ...dateFields('endsOn', '2025-07-10'),
      },
      formUrl,
    );
    const all = await t.db
      .select()
      .from(enrolments)
      .where(eq(enrolments.continuesEnrolmentId, ada.enrolmentId));
    expect(all).toHaveLength(1);
  });
});
