import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  referenceFile,
  type SignedIn,
  signInHubLead,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { ImportRejectedError, ValidationError } from '../../platform/errors.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import { addActivitySchool } from '../activities/add-activity-school.ts';
import { activitySchools, enrolments, hubActivities } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { importDelivery } from '../bulk/import-delivery.ts';
import type { NcpPhase, TfmStage } from '../catalogue/schema.ts';
import { eligibilityOverrides, schoolCriteria } from './schema.ts';

const shipped = JSON.parse(referenceFile('catalogue/2023-24.json')) as {
  ncps: { code: string; title: string; strand: string; phases: NcpPhase[]; rules: Record<string, unknown> }[];
};
const spec = (code: string) => shipped.ncps.find((n) => n.code === code)!;

describe('eligibility enforced when a school is added, with hub leadership’s admission', () => {
  let t: TestContext;
  let lead: SignedIn;
  let hubId: number;
  let laCode: string;
  const act: Record<string, number> = {};

  const project = async (code: string, yearCode: string, stage: TfmStage | null) => {
    const s = spec(code);
    return (
      await makeNcp(t.db, {
        yearCode,
        code: code.replace('NCP23', `NCP${yearCode.slice(2, 4)}`),
        title: s.title,
        strand: s.strand,
        phases: s.phases,
        rules: s.rules,
        completesTfmStage: stage,
      })
    ).id;
  };
  const activity = async (ncpId: number, yearCode = '2024/25') =>
    (await makeActivity(t.db, { hubId, ncpId, yearCode })).id;
  const addOnPage = (activityId: number, fields: Record<string, string>) =>
    lead.client.submit(
      paths.activity.schools(activityId),
      { action: 'add', ...fields },
      paths.activity.show(activityId),
    );
  const schoolsOf = async (activityId: number) =>
    (await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, activityId))).map(
      (r) => r.schoolUrn,
    );

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db, { name: 'Gateshire' });
    laCode = la.code;
    hubId = (await makeHub(t.db, { slug: 'gate-hub', name: 'Gate Maths Hub' }, [{ laCode }])).id;
    lead = await signInHubLead(t.app, t.db, hubId);
    const sustaining23 = await project('NCP23-11', '2023/24', 'sustaining');
    act.sustaining23 = await activity(sustaining23, '2023/24');
    act.readiness = await activity(await project('NCP23-08', '2024/25', 'readiness'));
    act.ks2 = await activity(await project('NCP23-06', '2024/25', null));
  });
  afterAll(() => t.close());

  it('refuses a Sustaining school from Mastery Readiness with the reason, then admits it with a justification', async () => {
    const s = await makeSchool(t.db, { laCode, name: 'Sycamore Primary School' });
    await addSchool(t.db, act.sustaining23!, s.urn, 'completed');
    const show = paths.activity.show(act.readiness!);

    const refused = await addOnPage(act.readiness!, { urn: String(s.urn) });
    expect(refused.statusCode).toBe(303);
    const page = (await lead.client.get(show)).body;
    expect(page).toContain('govuk-error-summary');
    expect(page).toContain(
      'Sycamore Primary School does not meet this project’s rules: Only schools that have never been in a Teaching for Mastery Work Group may join: this school has been in a Sustaining Work Group.',
    );
    expect(page).toContain('To admit Sycamore Primary School anyway, give your reason for admitting it');
    expect(page).toContain('data-testid="justification"');
    expect(page).toContain(`value="${s.urn}"`); // the input is kept
    expect(await schoolsOf(act.readiness!)).toEqual([]);

    const justification = 'The new headteacher asked for Readiness support after a change of leadership';
    const admitted = await addOnPage(act.readiness!, { urn: String(s.urn), justification });
    expect(admitted.statusCode).toBe(303);
    expect(await schoolsOf(act.readiness!)).toEqual([s.urn]);
    const [override] = await t.db.select().from(eligibilityOverrides);
    expect(override).toMatchObject({ activityId: act.readiness, schoolUrn: s.urn, justification });
    expect(override!.reasons[0]).toMatch(/never been in a Teaching for Mastery Work Group/);
    const [logged] = await eventsAbout(t.db, 'hub_activity', act.readiness!);
    expect(logged).toMatchObject({ action: 'activity.school_added' });
    const all = await eventsAbout(t.db, 'hub_activity', act.readiness!);
    expect(all.map((e) => e.action)).toContain('activity.school_admitted_anyway');

    const journey = (await lead.client.get(paths.myHub.school(s.urn))).body;
    expect(journey).toContain('Admitted by the hub’s decision');
    expect(journey).toContain(justification);
  });

  it('refuses a school new to Teaching for Mastery from Mastering Number at KS2, and an LLME cannot admit it', async () => {
    const n = await makeSchool(t.db, { laCode, name: 'Newbury Primary School' });
    await addOnPage(act.ks2!, { urn: String(n.urn) });
    const page = (await lead.client.get(paths.activity.show(act.ks2!))).body;
    expect(page).toContain(
      'Only schools that have reached the Sustaining stage of Teaching for Mastery may join: it has not started.',
    );
    expect(page).toContain('It must first complete Mastering Number at Reception and KS1.');

    const llme = await makePerson(t.db, [{ role: 'llme', hubId }]);
    const by: Principal = {
      personId: llme.id,
      email: llme.email,
      displayName: 'An LLME',
      hasPassword: false,
      via: 'session',
      roles: [{ role: 'llme', hubId, title: null, schoolUrn: null, ncpKey: null, laCode: null }],
    };
    const attempt = addActivitySchool(t.db, personActor(llme.id), {
      activityId: act.ks2!,
      urn: n.urn,
      justification: 'They asked nicely',
      by,
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: expect.arrayContaining([
        {
          field: 'justification',
          message: 'Only the hub’s leadership can admit a school that does not meet the project’s rules',
        },
      ]),
    });
    expect(await schoolsOf(act.ks2!)).toEqual([]);
  });

  it('refuses through the API (422 with the reasons) a teacher whose school does not qualify', async () => {
    const n = await makeSchool(t.db, { laCode, name: 'Apiford Primary School' });
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: lead.personId,
      name: 'test',
    });
    const response = await t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(act.ks2!),
      headers: { authorization: `Bearer ${token}` },
      payload: {
        person: { email: 'new.teacher@apiford.example', givenName: 'Nia', familyName: 'Jones' },
        schoolUrn: n.urn,
        roleInSchool: 'Class teacher',
        yearGroups: ['Year 4'],
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      {
        field: 'schoolUrn',
        message:
          'Apiford Primary School does not meet this project’s rules: Only schools that have reached the Sustaining stage of Teaching for Mastery may join: it has not started.',
      },
      {
        field: 'schoolUrn',
        message:
          'Apiford Primary School does not meet this project’s rules: It must first complete Mastering Number at Reception and KS1.',
      },
      // Hub leadership may admit it anyway, with their reason (registration's `justification`).
      {
        field: 'justification',
        message: 'To admit Apiford Primary School anyway, give your reason for admitting it',
      },
    ]);
    expect(await schoolsOf(act.ks2!)).not.toContain(n.urn);
  });

  it('refuses a delivery import whose participant’s school does not qualify, changing nothing', async () => {
    const n = await makeSchool(t.db, { laCode, name: 'Importon Primary School' });
    await t.db.update(hubActivities).set({ reference: 'MN-KS2-1' }).where(eq(hubActivities.id, act.ks2!));
    const csv = [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status',
      `gate-hub,2024/25,MN-KS2-1,ola.ade@importon.example,Ola,Ade,${n.urn},Class teacher,Year 4,,,registered`,
    ].join('\r\n');
    const attempt = importDelivery(
      t.db,
      systemActor('cli:test'),
      {
        scope: { allHubs: true },
        kind: 'enrolments',
        file: { fileName: 'enrolments.csv', bytes: Buffer.from(csv) },
      },
      { mailer: t.services.mailer },
    );
    await expect(attempt).rejects.toBeInstanceOf(ImportRejectedError);
    await expect(attempt).rejects.toMatchObject({
      problems: [
        {
          line: 2,
          message: `School URN ${n.urn} (Importon Primary School) cannot join activity MN-KS2-1: Only schools that have reached the Sustaining stage of Teaching for Mastery may join: it has not started.`,
        },
        {
          line: 2,
          message: `School URN ${n.urn} (Importon Primary School) cannot join activity MN-KS2-1: It must first complete Mastering Number at Reception and KS1.`,
        },
      ],
    });
    expect(await schoolsOf(act.ks2!)).not.toContain(n.urn);
  });

  it('registers a teacher for ECT Phase 2 only after Phase 1', async () => {
    const school = await makeSchool(t.db, { laCode, name: 'Ectown Primary School' });
    const phase1 = await project('NCP23-28a', '2023/24', null);
    const phase2 = await activity(await project('NCP23-28b', '2024/25', null));
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: lead.personId,
      name: 'test',
    });
    const register = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: paths.api.activityRegistrations(phase2),
        headers: { authorization: `Bearer ${token}` },
        payload: {
          person: { email, givenName: 'Eve', familyName: 'Teacher' },
          schoolUrn: school.urn,
          roleInSchool: 'Class teacher',
          yearGroups: ['Year 2'],
          mentorName: 'Mo Mentor',
          mentorEmail: 'mo.mentor@ectown.example',
        },
      });
    const refused = await register('eve.new@ectown.example');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      {
        field: 'email',
        message:
          'The participant must first complete Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1.',
      },
    ]);
    const did = await makePerson(t.db, [{ role: 'participant', hubId }], { email: 'eve.did@ectown.example' });
    const first = await activity(phase1, '2023/24');
    await t.db
      .insert(enrolments)
      .values({ activityId: first, personId: did.id, schoolUrn: school.urn, status: 'completed' });
    expect((await register('eve.did@ectown.example')).statusCode).toBe(201);
  });

  it('lets hub staff record a school’s Mastery Readiness criteria on its journey page, then admits it to Readiness', async () => {
    const r = await makeSchool(t.db, { laCode, name: 'Rowan Primary School' });
    const journeyUrl = paths.myHub.school(r.urn);
    const before = (await lead.client.get(journeyUrl)).body;
    expect(before).toContain('data-testid="criteria-form"');
    await addOnPage(act.readiness!, { urn: String(r.urn) });
    expect((await lead.client.get(paths.activity.show(act.readiness!))).body).toContain(
      'The school must meet at least one of these criteria',
    );

    const saved = await lead.client.submit(
      paths.myHub.schoolCriteria(r.urn),
      { criteria: 'high-staff-turnover' },
      journeyUrl,
    );
    expect(saved.statusCode).toBe(303);
    const rows = await t.db.select().from(schoolCriteria).where(eq(schoolCriteria.schoolUrn, r.urn));
    expect(rows.map((c) => [c.criterionCode, c.recordedByPersonId])).toEqual([
      ['high-staff-turnover', lead.personId],
    ]);
    const [logged] = await eventsAbout(t.db, 'school', r.urn);
    expect(logged).toMatchObject({
      action: 'school.criteria_recorded',
      changes: { criteria: [[], ['high-staff-turnover']] },
    });
    expect((await lead.client.get(journeyUrl)).body).toMatch(/value="high-staff-turnover" checked/);

    await addOnPage(act.readiness!, { urn: String(r.urn) });
    expect(await schoolsOf(act.readiness!)).toContain(r.urn);

    const refused = await lead.client.submit(
      paths.myHub.schoolCriteria(r.urn),
      { criteria: 'not-a-criterion' },
      journeyUrl,
    );
    expect(refused.statusCode).toBe(303);
    expect((await lead.client.get(journeyUrl)).body).toContain('Choose criteria from the list');
  });
});
