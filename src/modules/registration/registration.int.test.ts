import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo, mailCount } from '../../../test/support/auth-helpers.ts';
import { enrol, makeActivity, makeNcp, makeSession, mark } from '../../../test/support/delivery-factories.ts';
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
import { people, roleAssignments } from '../people/schema.ts';

let t: TestContext;
let hub: { id: number; name: string };
let otherHub: { id: number };
let school: { urn: number; name: string };
let school2: { urn: number };
let leader: { id: number };
let otherLeader: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
  otherHub = await makeHub(t.db);
  school = await makeSchool(t.db, { laCode: la.code });
  school2 = await makeSchool(t.db, { laCode: la.code });
  leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }]);
  otherLeader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }]);
});
afterAll(() => t.close());

async function ectProgramme() {
  const phase2Ncp = await makeNcp(t.db, {
    yearCode: '2024/25',
    code: `NCP24-28b-${Math.random().toString(36).slice(2, 6)}`,
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 2 Programme',
    type: 'programme',
  });
  const phase1Ncp = await makeNcp(t.db, {
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1 Programme',
    type: 'programme',
    participation: 'required',
    nextNcpCode: phase2Ncp.code,
  });
  const phase1 = await makeActivity(t.db, {
    openForDirectRegistration: true,
    hubId: hub.id,
    ncpId: phase1Ncp.id,
    kind: 'programme_cohort',
    title: 'Primary ECT Phase 1 cohort',
  });
  await makeSession(t.db, {
    activityId: phase1.id,
    startsAt: '2023-10-12T16:00:00Z',
    title: 'Session 1: Number sense',
  });
  await makeSession(t.db, {
    activityId: phase1.id,
    startsAt: '2024-01-18T16:00:00Z',
    title: 'Session 2: Place value',
  });
  return { phase1Ncp, phase2Ncp, phase1 };
}

const fields = (overrides: Record<string, string | string[]> = {}) => ({
  form: 'participant',
  email: `new.${Math.random().toString(36).slice(2, 8)}@example.org`,
  givenName: 'Amira',
  familyName: 'Khan',
  schoolUrn: String(school.urn),
  roleInSchool: 'Early career teacher',
  yearGroups: ['Year 3', 'Year 4'],
  mentorName: 'Sam Patel',
  mentorEmail: 'sam.patel@example.org',
  ...overrides,
});

describe('registering a participant', () => {
  it('registers a new person on both phases, with the participant role, the school and an email', async () => {
    const { phase1, phase2Ncp } = await ectProgramme();
    const phase2 = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: phase2Ncp.id,
      yearCode: '2024/25',
      kind: 'programme_cohort',
      title: 'Primary ECT Phase 2 cohort',
    });
    const client = await signedInClient(t.app, t.db, leader.id);
    const page = await client.get(paths.activity.signUp(phase1.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mentor’s email address');
    expect(page.body).toContain('Year 13');
    const form = fields();
    const response = await client.submit(paths.activity.signUp(phase1.id), form);
    expect(response.statusCode).toBe(303);

    const [person] = await t.db
      .select()
      .from(people)
      .where(eq(people.email, form.email as string));
    expect(person).toMatchObject({ givenName: 'Amira', familyName: 'Khan', schoolUrn: school.urn });
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.personId, person!.id));
    expect(rows).toHaveLength(2);
    const first = rows.find((r) => r.activityId === phase1.id)!;
    const second = rows.find((r) => r.activityId === phase2.id)!;
    expect(first).toMatchObject({
      schoolUrn: school.urn,
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 3', 'Year 4'],
      mentorName: 'Sam Patel',
      mentorEmail: 'sam.patel@example.org',
    });
    expect(second.continuesEnrolmentId).toBe(first.id);

    const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, person!.id));
    expect(roles).toEqual([expect.objectContaining({ role: 'participant', hubId: hub.id })]);
    const schoolsOn = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.schoolUrn, school.urn));
    expect(schoolsOn.map((s) => s.activityId).sort()).toEqual([phase1.id, phase2.id].sort());

    const mail = await latestMailTo(t.db, form.email as string);
    expect(mail?.subject).toBe('You are registered for Primary ECT Phase 1 cohort');
    expect(mail?.textBody).toContain('Your commitment');
    expect(mail?.textBody).toContain('This programme runs over two years. You commit to both.');
    expect(mail?.textBody).toMatch(
      /Year 1, 2023\/24: Specialist Knowledge .* Phase 1 Programme .*2 sessions/,
    );
    expect(mail?.textBody).toMatch(/Year 2, 2024\/25: Specialist Knowledge .* Phase 2 Programme /);
    expect(mail?.textBody).not.toContain('Taking part in every session');
    expect(mail?.textBody).toContain('Session 1: Number sense');
    expect(mail?.textBody).toContain('12 October 2023');
    expect(mail?.textBody).toContain('Your pathway: what comes next');
    expect(mail?.textBody).toContain('Phase 2 Programme');
    expect(mail?.textBody).toContain('You are registered for it: Primary ECT Phase 2 cohort');

    const logged = await t.db
      .select({ action: eventLog.action })
      .from(eventLog)
      .where(and(eq(eventLog.subjectType, 'enrolment'), eq(eventLog.subjectId, String(first.id))));
    expect(logged.map((e) => e.action)).toContain('enrolment.registered');
  });

  it('emails the ECT’s mentor what the ECT committed to, the sessions and the pathway', async () => {
    const { phase1 } = await ectProgramme();
    const client = await signedInClient(t.app, t.db, leader.id);
    const mentorEmail = `mentor.${Math.random().toString(36).slice(2, 8)}@example.org`;
    const form = fields({ mentorName: 'Rosa Diaz', mentorEmail: mentorEmail.toUpperCase() });
    const before = await mailCount(t.db);
    expect((await client.submit(paths.activity.signUp(phase1.id), form)).statusCode).toBe(303);
    expect(await mailCount(t.db)).toBe(before + 2);
    const mail = await latestMailTo(t.db, mentorEmail);
    expect(mail?.subject).toBe(
      'Amira Khan is registered for Primary ECT Phase 1 cohort: you are their mentor',
    );
    const text = mail!.textBody;
    expect(text).toContain('Dear Rosa Diaz,');
    expect(text).toContain(
      `Amira Khan (${school.name}) is registered for Primary ECT Phase 1 cohort, run by ${hub.name}`,
    );
    expect(text).toContain('Year groups they teach: Year 3, Year 4.');
    expect(text).toContain('What they committed to');
    expect(text).toContain('This programme runs over two years. They commit to both.');
    expect(text).toMatch(/Year 1, 2023\/24: .*Phase 1 Programme .*2 sessions/);
    expect(text).toMatch(/Year 2, 2024\/25: .*Phase 2 Programme /);
    expect(text).toContain('12 October 2023');
    expect(text).toContain('Session 1: Number sense');
    expect(text).toContain('Session 2: Place value');
    expect(text).toContain('Their pathway: what comes next');
    expect(text).toContain('Phase 2 Programme');
    expect(text).toContain(
      'They registered for both years: the hub will enrol them when its 2024/25 group is set up.',
    );
    expect(text).not.toMatch(/\byou are registered\b/i);

    // A project without a mentor sends only the participant's email.
    const ncp = await makeNcp(t.db, { title: 'Primary Reasoning Work Group' });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const count = await mailCount(t.db);
    const other = fields({ mentorName: '', mentorEmail: '' });
    expect((await client.submit(paths.activity.signUp(activity.id), other)).statusCode).toBe(303);
    expect(await mailCount(t.db)).toBe(count + 1);
  });

  it('records the intent to continue when the hub has no Phase 2 group yet, and the pathway shows it', async () => {
    const { phase1 } = await ectProgramme();
    const client = await signedInClient(t.app, t.db, leader.id);
    const form = fields();
    expect((await client.submit(paths.activity.signUp(phase1.id), form)).statusCode).toBe(303);
    const [person] = await t.db
      .select()
      .from(people)
      .where(eq(people.email, form.email as string));
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.personId, person!.id));
    expect(rows).toHaveLength(1);
    const intents = await t.db
      .select()
      .from(eventLog)
      .where(
        and(
          eq(eventLog.action, 'enrolment.continuation_intended'),
          eq(eventLog.subjectId, String(rows[0]!.id)),
        ),
      );
    expect(intents).toHaveLength(1);
    const mail = await latestMailTo(t.db, form.email as string);
    expect(mail?.textBody).toContain('your hub will enrol you when its 2024/25 group is set up');

    const own = await signedInClient(t.app, t.db, person!.id);
    const page = await own.get(paths.my.programme(rows[0]!.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Registered for both years');
  });

  it('refuses an ECT without a mentor, keeping the input', async () => {
    const { phase1 } = await ectProgramme();
    const client = await signedInClient(t.app, t.db, leader.id);
    const form = fields({ mentorName: '', mentorEmail: '' });
    const before = await mailCount(t.db);
    const response = await client.submit(paths.activity.signUp(phase1.id), form);
    expect(response.statusCode).toBe(303);
    // Back to the form, with the school named by the picker.
    expect(response.headers.location).toBe(`${paths.activity.signUp(phase1.id)}?schoolUrn=${school.urn}`);
    const page = await client.get(paths.activity.signUp(phase1.id));
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('Enter the name of the early career teacher’s mentor');
    expect(page.body).toContain('href="#mentorName"');
    expect(page.body).toContain(`value="${form.email}"`);
    expect(page.body).toContain('value="Early career teacher"');
    expect(page.body).toMatch(/value="Year 3" checked/);
    expect(
      await t.db
        .select()
        .from(people)
        .where(eq(people.email, form.email as string)),
    ).toHaveLength(0);
    expect(await mailCount(t.db)).toBe(before);
  });

  it('does not ask for a mentor on other projects, and refuses a second registration', async () => {
    const ncp = await makeNcp(t.db, { title: 'Primary Teaching for Mastery Development Work Group' });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const client = await signedInClient(t.app, t.db, leader.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.body).not.toContain('Mentor’s email address');
    const form = fields({ mentorName: '', mentorEmail: '' });
    expect((await client.submit(paths.activity.signUp(activity.id), form)).statusCode).toBe(303);
    const again = await client.submit(paths.activity.signUp(activity.id), form);
    expect(again.headers.location).toBe(`${paths.activity.signUp(activity.id)}?schoolUrn=${school.urn}`);
    const shown = await client.get(paths.activity.signUp(activity.id));
    expect(shown.body).toContain('This person is already registered on this activity');
    const count = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(enrolments)
      .where(eq(enrolments.activityId, activity.id));
    expect(count[0]!.n).toBe(1);

    // Once withdrawn, they may register again: the same enrolment comes back.
    await t.db.update(enrolments).set({ status: 'withdrawn' }).where(eq(enrolments.activityId, activity.id));
    expect((await client.submit(paths.activity.signUp(activity.id), form)).statusCode).toBe(303);
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(rows).toEqual([expect.objectContaining({ status: 'registered' })]);
  });

  it('refuses a school that is not in the register', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const client = await signedInClient(t.app, t.db, leader.id);
    await client.submit(paths.activity.signUp(activity.id), fields({ schoolUrn: '123' }));
    const shown = await client.get(paths.activity.signUp(activity.id));
    expect(shown.body).toContain('There is no school with URN 123');
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toHaveLength(
      0,
    );
  });

  it('lets a participant register themself, and keeps other hubs’ leadership and others out', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Reasoning Work Group',
    });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    const client = await signedInClient(t.app, t.db, teacher.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Register yourself');
    expect(page.body).toContain(`value="${school.urn}"`);
    const response = await client.submit(paths.activity.signUp(activity.id), {
      form: 'participant',
      schoolUrn: String(school.urn),
      roleInSchool: 'Class teacher',
      yearGroups: 'Reception',
    });
    expect(response.statusCode).toBe(303);
    const [row] = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(row).toMatchObject({ personId: teacher.id, yearGroups: ['Reception'] });
    expect(response.headers.location).toBe(paths.my.programme(row!.id));

    const other = await signedInClient(t.app, t.db, otherLeader.id);
    expect((await other.get(paths.activity.signUp(activity.id))).statusCode).toBe(403);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    expect(
      (await (await signedInClient(t.app, t.db, analyst.id)).get(paths.activity.signUp(activity.id)))
        .statusCode,
    ).toBe(403);
  });

  it('lets people register themselves only where the hub allows it: elsewhere they are sent to register interest', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, title: 'Closed Work Group' });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    const client = await signedInClient(t.app, t.db, teacher.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="sign-up-interest-only"');
    expect(page.body).toContain(`href="${paths.registerInterest}?activity=${activity.id}"`);
    expect(page.body).not.toContain('data-testid="participant-form"');
    const fields = {
      form: 'participant',
      schoolUrn: String(school.urn),
      roleInSchool: 'Class teacher',
      yearGroups: 'Year 3',
    };
    // Posted anyway (through the API, as the page no longer offers the form): refused, nothing written.
    const token = (await createApiToken(t.db, systemActor('test'), { personId: teacher.id, name: 'test' }))
      .token;
    const refused = await t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(activity.id),
      headers: { authorization: `Bearer ${token}` },
      payload: { schoolUrn: school.urn, roleInSchool: 'Class teacher', yearGroups: ['Year 3'] },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('registers people on this activity itself');
    const count = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(count).toHaveLength(0);

    // The hub's leadership still register people on it.
    const lead = await signedInClient(t.app, t.db, leader.id);
    const byHub = await lead.submit(paths.activity.signUp(activity.id), {
      ...fields,
      email: 'closed.group@example.org',
      givenName: 'Cleo',
      familyName: 'Closed',
    });
    expect(byHub.statusCode).toBe(303);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toHaveLength(
      1,
    );
  });
});

describe('registering a school', () => {
  it('records the school’s statement of commitment, by its school contact', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const contact = await makePerson(t.db, [
      { role: 'school_contact', schoolUrn: school2.urn, hubId: hub.id },
    ]);
    const client = await signedInClient(t.app, t.db, contact.id);
    const empty = await client.submit(paths.activity.signUp(activity.id), {
      form: 'school',
      commitmentSchoolUrn: String(school2.urn),
      commitmentStatement: '',
    });
    expect(empty.statusCode).toBe(303);
    expect((await client.get(paths.activity.signUp(activity.id))).body).toContain(
      'Enter the school’s statement of commitment',
    );
    const notMine = await client.submit(paths.activity.signUp(activity.id), {
      form: 'school',
      commitmentSchoolUrn: String(school.urn),
      commitmentStatement: 'We commit',
    });
    expect(notMine.statusCode).toBe(303);
    expect((await client.get(paths.activity.signUp(activity.id))).body).toContain(
      'You can register only a school you are the contact for',
    );
    const statement =
      'Release time for two teachers to attend all six sessions; the head teacher attends the launch.';
    await client.submit(paths.activity.signUp(activity.id), {
      form: 'school',
      commitmentSchoolUrn: String(school2.urn),
      commitmentStatement: statement,
    });
    const rows = await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, activity.id));
    expect(rows).toEqual([
      expect.objectContaining({
        schoolUrn: school2.urn,
        commitmentStatement: statement,
        status: 'registered',
      }),
    ]);
    expect(rows[0]!.commitmentRecordedAt).toBeInstanceOf(Date);
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'activity_school.registered'), eq(eventLog.subjectId, String(activity.id))),
      );
    expect(event).toMatchObject({ actorPersonId: contact.id, hubId: hub.id });
  });
});

describe('my programmes and pathway', () => {
  it('lists a participant’s enrolments across years with attendance, and shows one with its commitment', async () => {
    const ncp = await makeNcp(t.db, {
      participation: 'strongly_recommended',
      completesTfmStage: 'development',
    });
    const earlier = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Mastery Development WG',
    });
    const ncp2 = await makeNcp(t.db, { yearCode: '2024/25' });
    const later = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp2.id,
      yearCode: '2024/25',
      title: 'Embedding WG',
    });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const e1 = await enrol(t.db, { activityId: earlier.id, personId: teacher.id, schoolUrn: school.urn });
    await enrol(t.db, { activityId: later.id, personId: teacher.id, schoolUrn: school2.urn });
    const s1 = await makeSession(t.db, {
      activityId: earlier.id,
      startsAt: '2023-11-02T15:30:00Z',
      title: 'TRG 1',
    });
    await makeSession(t.db, { activityId: earlier.id, startsAt: '2024-02-01T15:30:00Z', title: 'TRG 2' });
    await mark(t.db, s1.id, e1.id, 'present');

    const client = await signedInClient(t.app, t.db, teacher.id);
    const list = await client.get(paths.my.programmes);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Mastery Development WG');
    expect(list.body).toContain('Embedding WG');
    expect(list.body).toContain('2024/25');
    expect(list.body).toMatch(new RegExp(`programme-attendance-${e1.id}">1 of 2 sessions`));
    const csv = await client.get(`${paths.my.programmes}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Mastery Development WG');
    const xlsx = await client.get(`${paths.my.programmes}?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    const one = await client.get(paths.my.programme(e1.id));
    expect(one.statusCode).toBe(200);
    expect(one.body).toMatch(/2023\/24: .*2 sessions: 2 × /);
    expect(one.body).not.toContain('Taking part in every session');
    expect(one.body).toContain('You have attended 1 of 2 sessions');
    expect(one.body).toContain('2 November 2023');
    expect(one.body).toContain('Teaching for Mastery Development stage');

    // Another participant, and another hub's leadership, are told there is no such programme.
    const stranger = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    expect(
      (await (await signedInClient(t.app, t.db, stranger.id)).get(paths.my.programme(e1.id))).statusCode,
    ).toBe(404);
    expect(
      (await (await signedInClient(t.app, t.db, otherLeader.id)).get(paths.my.programme(e1.id))).statusCode,
    ).toBe(404);
    expect(
      (await (await signedInClient(t.app, t.db, leader.id)).get(paths.my.programme(e1.id))).statusCode,
    ).toBe(200);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    expect(
      (await (await signedInClient(t.app, t.db, analyst.id)).get(paths.my.programme(e1.id))).statusCode,
    ).toBe(200);
    expect((await client.get(paths.my.programme(999999))).statusCode).toBe(404);
  });
});
