import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { activitySchools, enrolments } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { people } from '../people/schema.ts';

// Issue 13: hub leadership registering someone with a school outside the hub's area give a reason.
describe('registering a participant with a school outside the hub’s area', () => {
  let t: TestContext;
  let hub: { id: number };
  let leader: { id: number };
  let activityId: number;
  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '391', name: 'Gateshead' });
    await makeLocalAuthority(t.db, { code: '392', name: 'Newcastle' });
    hub = await makeHub(t.db, { name: 'Tyne Maths Hub' }, [{ laCode: '391' }]);
    await makeHub(t.db, { name: 'Newcastle Maths Hub' }, [{ laCode: '392' }]);
    await makeSchool(t.db, { urn: 121001, laCode: '392', name: 'Quayside Primary School' });
    await makeSchool(t.db, { urn: 121002, laCode: '391', name: 'Low Fell Primary School' });
    await makeSchool(t.db, { urn: 121003, laCode: '392', name: 'Jesmond Primary School' });
    const ncp = await makeNcp(t.db);
    activityId = (await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, openForDirectRegistration: true }))
      .id;
    leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
  });
  afterAll(() => t.close());

  const enrolmentOf = async (email: string) => {
    const [person] = await t.db.select().from(people).where(eq(people.email, email));
    if (!person) return [];
    return t.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.personId, person.id), eq(enrolments.activityId, activityId)));
  };
  const form = (overrides: Record<string, string>) => ({
    form: 'participant',
    givenName: 'Noor',
    familyName: 'Ali',
    roleInSchool: 'Class teacher',
    ...overrides,
  });

  it('refuses hub leadership without a reason, then registers them and logs the reason', async () => {
    const lead = await signedInClient(t.app, t.db, leader.id);
    const signUp = paths.activity.signUp(activityId);

    // Chosen on the search page: warned, and asked why.
    const chosen = (await lead.get(`${signUp}?schoolUrn=121001`)).body;
    expect(chosen).toContain('This school is outside Tyne Maths Hub’s area');
    expect(chosen).toContain('data-testid="out-of-area-reason"');
    expect((await lead.get(`${signUp}?schoolUrn=121002`)).body).not.toContain(
      'data-testid="out-of-area-reason"',
    );

    const email = 'noor.ali@example.org';
    const refused = await lead.submit(signUp, form({ email, schoolUrn: '121001', outOfAreaReason: '' }));
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`${signUp}?schoolUrn=121001`);
    const again = (await lead.get(refused.headers.location as string)).body;
    expect(again).toContain('govuk-error-summary');
    expect(again).toContain(
      'Quayside Primary School is outside the hub’s area: give the reason for choosing it',
    );
    expect(again).toContain('href="#outOfAreaReason"');
    expect(again).toContain('value="noor.ali@example.org"');
    expect(await enrolmentOf(email)).toHaveLength(0);

    const reason = 'She teaches in our hub’s secondary network';
    const registered = await lead.submit(
      signUp,
      form({ email, schoolUrn: '121001', outOfAreaReason: reason }),
      `${signUp}?schoolUrn=121001`,
    );
    expect(registered.statusCode).toBe(303);
    const [enrolment] = await enrolmentOf(email);
    expect(enrolment).toMatchObject({ schoolUrn: 121001 });
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'enrolment.registered'), eq(eventLog.subjectId, String(enrolment!.id))));
    expect(event).toMatchObject({ reason, changes: { schoolUrn: 121001, outsideHubArea: true } });
    const schoolRows = await t.db
      .select()
      .from(activitySchools)
      .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, 121001)));
    expect(schoolRows).toMatchObject([{ outOfAreaReason: reason }]);

    // A school in the area needs no reason.
    const inArea = await lead.submit(signUp, form({ email: 'ruth.lee@example.org', schoolUrn: '121002' }));
    expect(inArea.statusCode).toBe(303);
    expect(await enrolmentOf('ruth.lee@example.org')).toHaveLength(1);
  });

  it('the API: 422 without the reason, 201 with it', async () => {
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: leader.id, name: 'hub' });
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: paths.api.activityRegistrations(activityId),
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const body = { person: { email: 'omar.said@example.org', givenName: 'Omar', familyName: 'Said' } };
    const noReason = await post({ ...body, schoolUrn: 121003, roleInSchool: 'Class teacher' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Jesmond Primary School is outside the hub’s area');
    expect(await enrolmentOf('omar.said@example.org')).toHaveLength(0);
    const withReason = await post({
      ...body,
      schoolUrn: 121003,
      roleInSchool: 'Class teacher',
      outOfAreaReason: 'Joins with its trust',
    });
    expect(withReason.statusCode).toBe(201);
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(
          eq(eventLog.action, 'enrolment.registered'),
          eq(eventLog.subjectId, String(withReason.json().enrolmentId)),
        ),
      );
    expect(event).toMatchObject({ reason: 'Joins with its trust' });
  });

  it('a participant registering themself needs no reason', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], { schoolUrn: 121003 });
    const client = await signedInClient(t.app, t.db, teacher.id);
    const response = await client.submit(paths.activity.signUp(activityId), {
      form: 'participant',
      schoolUrn: '121003',
      roleInSchool: 'Class teacher',
    });
    expect(response.statusCode).toBe(303);
    const rows = await t.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.personId, teacher.id), eq(enrolments.activityId, activityId)));
    expect(rows).toHaveLength(1);
  });

  it('asks hub leadership for a reason to register a school from outside the area with its statement', async () => {
    await makeSchool(t.db, { urn: 121004, laCode: '392', name: 'Heaton Primary School' });
    const lead = await signedInClient(t.app, t.db, leader.id);
    const signUp = paths.activity.signUp(activityId);
    const school = {
      form: 'school',
      commitmentSchoolUrn: '121004',
      commitmentStatement: 'Release for every session',
    };
    const refused = await lead.submit(signUp, school);
    expect(refused.statusCode).toBe(303);
    const back = await lead.get(refused.headers.location as string);
    expect(back.body).toContain(
      'Heaton Primary School is outside the hub’s area: give the reason for choosing it',
    );
    expect(back.body).toContain('Release for every session');
    const rowsOf = () =>
      t.db
        .select()
        .from(activitySchools)
        .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, 121004)));
    expect(await rowsOf()).toHaveLength(0);

    const accepted = await lead.submit(signUp, {
      ...school,
      schoolOutOfAreaReason: 'Its trust works with us',
    });
    expect(accepted.statusCode).toBe(303);
    expect(await rowsOf()).toMatchObject([{ outOfAreaReason: 'Its trust works with us' }]);
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'activity_school.registered'), eq(eventLog.subjectId, String(activityId))),
      )
      .orderBy(eventLog.id);
    expect(event).toBeDefined();
    const events = await t.db
      .select()
      .from(eventLog)
      .where(
        and(
          eq(eventLog.action, 'activity_school.registered'),
          eq(eventLog.reason, 'Its trust works with us'),
        ),
      );
    expect(events).toHaveLength(1);
  });
});
