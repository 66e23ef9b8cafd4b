import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo, mailCount } from '../../../test/support/auth-helpers.ts';
import { addSchool, makeActivity, makeNcp, makeSession } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { eventsAbout } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools, enrolments, hubActivities } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { eligibilityOverrides } from '../journeys/schema.ts';
import { people } from '../people/schema.ts';

/** Issue 13: a school contact registers their teachers (an ECT with their mentor); hub leadership admit anyway. */
let t: TestContext;
let hub: { id: number; name: string; slug: string };
let laCode: string;
let ours: { urn: number; name: string };
let theirs: { urn: number; name: string };
let contact: { id: number; email: string };

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  laCode = la.code;
  hub = await makeHub(t.db, {}, [{ laCode }]);
  ours = await makeSchool(t.db, { laCode, name: 'Oakfield Primary School' });
  theirs = await makeSchool(t.db, { laCode, name: 'Birchwood Primary School' });
  contact = await makePerson(
    t.db,
    [{ role: 'school_contact', schoolUrn: ours.urn, hubId: hub.id, title: 'Maths lead' }],
    { schoolUrn: ours.urn },
  );
});
afterAll(() => t.close());

const unique = () => Math.random().toString(36).slice(2, 8);

async function workGroup(title = 'Year 5 Work Group') {
  const ncp = await makeNcp(t.db, { title: `Test Work Group ${unique()}` });
  const activity = await makeActivity(t.db, {
    openForDirectRegistration: true,
    hubId: hub.id,
    ncpId: ncp.id,
    title,
  });
  await makeSession(t.db, { activityId: activity.id, startsAt: '2023-11-09T15:30:00Z', title: 'Workshop 1' });
  return activity;
}

const teacher = (overrides: Record<string, string | string[]> = {}) => ({
  form: 'participant',
  who: 'teacher',
  email: `teacher.${unique()}@example.org`,
  givenName: 'Priya',
  familyName: 'Shah',
  schoolUrn: String(ours.urn),
  roleInSchool: 'Class teacher',
  yearGroups: ['Year 5'],
  ...overrides,
});

describe('a school contact registers a teacher of their school', () => {
  it('offers the choice on the sign-up page, with the school picker naming their school', async () => {
    const activity = await workGroup();
    const client = await signedInClient(t.app, t.db, contact.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Register yourself or a teacher');
    expect(page.body).toContain('A teacher of my school');
    expect(page.body).toContain('data-testid="school-picker-schoolUrn"');
    expect(page.body).toContain('data-testid="chosen-school">Oakfield Primary School');
    // The school search page's answer comes back into the teacher's form.
    const picked = await client.get(`${paths.activity.signUp(activity.id)}?schoolUrn=${ours.urn}`);
    expect(picked.body).toMatch(/value="teacher" checked/);
  });

  it('registers a new teacher: created at the school, emailed the real commitment, and the log says who registered whom', async () => {
    const activity = await workGroup('Year 5 Fractions Work Group');
    const client = await signedInClient(t.app, t.db, contact.id);
    const form = teacher();
    const response = await client.submit(paths.activity.signUp(activity.id), form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.activity.signUp(activity.id));

    const [person] = await t.db
      .select()
      .from(people)
      .where(eq(people.email, form.email as string));
    expect(person).toMatchObject({ givenName: 'Priya', familyName: 'Shah', schoolUrn: ours.urn });
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.personId, person!.id));
    expect(enrolment).toMatchObject({
      activityId: activity.id,
      schoolUrn: ours.urn,
      roleInSchool: 'Class teacher',
      yearGroups: ['Year 5'],
    });
    // The school contact is not registered themself.
    const own = await t.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.personId, contact.id), eq(enrolments.activityId, activity.id)));
    expect(own).toEqual([]);

    const mail = await latestMailTo(t.db, form.email as string);
    expect(mail?.subject).toBe('You are registered for Year 5 Fractions Work Group');
    expect(mail?.textBody).toContain('Your commitment');
    expect(mail?.textBody).toContain('Workshop 1');
    expect(mail?.textBody).toContain('9 November 2023');

    const [logged] = await eventsAbout(t.db, 'enrolment', enrolment!.id);
    expect(logged).toMatchObject({
      action: 'enrolment.registered',
      actorPersonId: contact.id,
      changes: expect.objectContaining({ personId: person!.id, activityId: activity.id }),
    });
  });

  it('registers an existing teacher of their school on their account', async () => {
    const activity = await workGroup();
    const existing = await makePerson(t.db, [], { schoolUrn: ours.urn });
    const client = await signedInClient(t.app, t.db, contact.id);
    const response = await client.submit(
      paths.activity.signUp(activity.id),
      teacher({ email: existing.email.toUpperCase(), givenName: '', familyName: '' }),
    );
    expect(response.statusCode).toBe(303);
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(rows.map((r) => r.personId)).toEqual([existing.id]);
    expect((await latestMailTo(t.db, existing.email))?.subject).toMatch(/^You are registered for/);
  });

  it('does not register someone with an account at another school: they are invited, and told the same', async () => {
    const activity = await workGroup();
    const elsewhere = await makePerson(t.db, [], { schoolUrn: theirs.urn });
    const client = await signedInClient(t.app, t.db, contact.id);
    const response = await client.submit(
      paths.activity.signUp(activity.id),
      teacher({ email: elsewhere.email }),
    );
    expect(response.statusCode).toBe(303);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toEqual([]);
    expect((await latestMailTo(t.db, elsewhere.email))?.subject).toMatch(/has invited you$/);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.body).toContain('if they already have an account, we have emailed them an invitation');
  });

  it('registers an ECT with their mentor, and emails the mentor the commitment', async () => {
    const ncp = await makeNcp(t.db, {
      title:
        'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1 Programme',
      type: 'programme',
    });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      kind: 'programme_cohort',
      title: 'Primary ECT cohort',
    });
    await makeSession(t.db, {
      activityId: activity.id,
      startsAt: '2023-10-12T16:00:00Z',
      title: 'Number sense',
    });
    const client = await signedInClient(t.app, t.db, contact.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.body).toContain('Mentor’s email address');

    const mentorEmail = `mentor.${unique()}@example.org`;
    const form = teacher({ roleInSchool: 'Early career teacher', mentorName: 'Sam Patel', mentorEmail });
    expect((await client.submit(paths.activity.signUp(activity.id), form)).statusCode).toBe(303);
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(enrolment).toMatchObject({ mentorName: 'Sam Patel', mentorEmail });
    const ect = await latestMailTo(t.db, form.email as string);
    expect(ect?.textBody).toContain(`Your mentor: Sam Patel (${mentorEmail}).`);
    const mentor = await latestMailTo(t.db, mentorEmail);
    expect(mentor?.subject).toBe('Priya Shah is registered for Primary ECT cohort: you are their mentor');
    expect(mentor?.textBody).toContain('Priya Shah (Oakfield Primary School)');
    expect(mentor?.textBody).toContain('What they committed to');
    expect(mentor?.textBody).toContain('Number sense');
  });

  it('refuses a teacher of a school they are not the contact for, and keeps the input in the error summary', async () => {
    const activity = await workGroup();
    const client = await signedInClient(t.app, t.db, contact.id);
    const before = await mailCount(t.db);
    const form = teacher({ schoolUrn: String(theirs.urn), email: '', givenName: 'Leo' });
    const response = await client.submit(paths.activity.signUp(activity.id), form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${paths.activity.signUp(activity.id)}?schoolUrn=${theirs.urn}`);
    const page = await client.get(response.headers.location as string);
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('You can register teachers only of a school you are the contact for');
    expect(page.body).toContain('Enter the teacher’s email address');
    expect(page.body).toContain('value="Leo"');
    expect(page.body).toContain('value="Class teacher"');
    expect(page.body).toContain(`value="${theirs.urn}"`);
    expect(page.body).toMatch(/value="teacher" checked/);
    expect(page.body).toContain('data-testid="chosen-school">Birchwood Primary School');
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toEqual([]);
    expect(await mailCount(t.db)).toBe(before);
  });

  it('still lets the school contact register themself', async () => {
    const activity = await workGroup();
    const client = await signedInClient(t.app, t.db, contact.id);
    const response = await client.submit(paths.activity.signUp(activity.id), {
      form: 'participant',
      who: 'self',
      schoolUrn: String(ours.urn),
      roleInSchool: 'Maths lead',
    });
    expect(response.statusCode).toBe(303);
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(rows.map((r) => r.personId)).toEqual([contact.id]);
  });

  it('does not let a participant who is no school contact register someone else', async () => {
    const activity = await workGroup();
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const client = await signedInClient(t.app, t.db, participant.id);
    const page = await client.get(paths.activity.signUp(activity.id));
    expect(page.body).not.toContain('A teacher of my school');
    const response = await client.submit(paths.activity.signUp(activity.id), teacher());
    expect(response.statusCode).toBe(403);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toEqual([]);
  });
});

describe('hub leadership admit a school that does not qualify from the sign-up form', () => {
  it('refuses with the reason, then admits with a justification: event log and the school’s journey show it', async () => {
    const ncp = await makeNcp(t.db, { title: `Secondary Work Group ${unique()}`, phases: ['secondary'] });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'KS3 Work Group',
    });
    const school = await makeSchool(t.db, { laCode, name: 'Hazel Primary School' });
    const leader = await makePerson(t.db, [
      { role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' },
    ]);
    const client = await signedInClient(t.app, t.db, leader.id);
    const signUp = paths.activity.signUp(activity.id);
    const form = {
      form: 'participant',
      email: `hazel.${unique()}@example.org`,
      givenName: 'Tom',
      familyName: 'Reed',
      schoolUrn: String(school.urn),
      roleInSchool: 'Maths lead',
    };

    const refused = await client.submit(signUp, form);
    expect(refused.statusCode).toBe(303);
    const page = (await client.get(refused.headers.location as string)).body;
    expect(page).toContain('govuk-error-summary');
    expect(page).toContain('Hazel Primary School does not meet this project’s rules:');
    expect(page).toContain('To admit Hazel Primary School anyway, give your reason for admitting it');
    expect(page).toContain('data-testid="justification"');
    expect(page).toContain('Admit anyway and register');
    expect(page).toContain('value="Tom"');
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toEqual([]);
    expect(await t.db.select().from(people).where(eq(people.email, form.email))).toEqual([]);

    const justification = 'Their Year 6 teachers teach KS3 content to a mixed-age class';
    const admitted = await client.submit(signUp, { ...form, justification });
    expect(admitted.statusCode).toBe(303);
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(enrolment).toMatchObject({ schoolUrn: school.urn });
    const onActivity = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.activityId, activity.id));
    expect(onActivity.map((s) => s.schoolUrn)).toEqual([school.urn]);
    const [override] = await t.db
      .select()
      .from(eligibilityOverrides)
      .where(eq(eligibilityOverrides.activityId, activity.id));
    expect(override).toMatchObject({ schoolUrn: school.urn, justification, admittedByPersonId: leader.id });
    const admittedEvents = await t.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'activity.school_admitted_anyway'), eq(eventLog.actorPersonId, leader.id)),
      );
    expect(admittedEvents).toEqual([
      expect.objectContaining({ changes: expect.objectContaining({ schoolUrn: school.urn, justification }) }),
    ]);

    const journey = (await client.get(paths.myHub.school(school.urn))).body;
    expect(journey).toContain('Admitted by the hub’s decision');
    expect(journey).toContain(justification);
  });

  it('admits a school anyway on the form that registers a school with its statement of commitment', async () => {
    const ncp = await makeNcp(t.db, { title: `Secondary Work Group ${unique()}`, phases: ['secondary'] });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const school = await makeSchool(t.db, { laCode, name: 'Elder Primary School' });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const client = await signedInClient(t.app, t.db, leader.id);
    const signUp = paths.activity.signUp(activity.id);
    const form = {
      form: 'school',
      commitmentSchoolUrn: String(school.urn),
      commitmentStatement: 'Release time for two teachers',
    };
    const refused = await client.submit(signUp, form);
    expect(refused.headers.location).toBe(`${signUp}?commitmentSchoolUrn=${school.urn}#school`);
    const page = (await client.get(refused.headers.location as string)).body;
    expect(page).toContain('Elder Primary School does not meet this project’s rules:');
    expect(page).toContain('data-testid="school-justification"');
    expect(page).not.toContain('data-testid="justification"');
    expect(page).toContain('Release time for two teachers');

    const justification = 'A through school: its primary phase teaches KS3 maths';
    expect((await client.submit(signUp, { ...form, schoolJustification: justification })).statusCode).toBe(
      303,
    );
    const onActivity = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.activityId, activity.id));
    expect(onActivity).toEqual([expect.objectContaining({ schoolUrn: school.urn })]);
    const [override] = await t.db
      .select()
      .from(eligibilityOverrides)
      .where(eq(eligibilityOverrides.activityId, activity.id));
    expect(override).toMatchObject({ schoolUrn: school.urn, justification });
  });

  it('does not let a school contact admit anyway: the justification is not theirs to give', async () => {
    const ncp = await makeNcp(t.db, { title: `Secondary Work Group ${unique()}`, phases: ['secondary'] });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const client = await signedInClient(t.app, t.db, contact.id);
    const response = await client.submit(
      paths.activity.signUp(activity.id),
      teacher({ justification: 'Please let us in' }),
    );
    expect(response.statusCode).toBe(303);
    const page = (await client.get(response.headers.location as string)).body;
    expect(page).toContain('Oakfield Primary School does not meet this project’s rules:');
    expect(page).not.toContain('data-testid="justification"');
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id))).toEqual([]);
    expect(
      await t.db.select().from(eligibilityOverrides).where(eq(eligibilityOverrides.activityId, activity.id)),
    ).toEqual([]);
  });
});

describe('the same through the API', () => {
  const tokenFor = async (personId: number) =>
    (await createApiToken(t.db, systemActor('test'), { personId, name: 'test' })).token;
  const post = (activityId: number, token: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(activityId),
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('a school contact registers an ECT of their school with their mentor, and not a teacher elsewhere', async () => {
    const ncp = await makeNcp(t.db, {
      title: 'Primary Early Career Teachers – Phase 1 Programme',
      type: 'programme',
    });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      kind: 'programme_cohort',
    });
    const token = await tokenFor(contact.id);
    const email = `api.ect.${unique()}@example.org`;
    const mentorEmail = `api.mentor.${unique()}@example.org`;
    const body = {
      person: { email, givenName: 'Ana', familyName: 'Lopez' },
      schoolUrn: ours.urn,
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 2'],
    };
    const noMentor = await post(activity.id, token, body);
    expect(noMentor.statusCode).toBe(422);
    expect(noMentor.body).toContain('Enter the name of the early career teacher’s mentor');

    const elsewhere = await post(activity.id, token, {
      ...body,
      schoolUrn: theirs.urn,
      mentorName: 'Sam Patel',
      mentorEmail,
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.body).toContain('You can register teachers only of a school you are the contact for');

    const made = await post(activity.id, token, { ...body, mentorName: 'Sam Patel', mentorEmail });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ personCreated: true });
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(enrolment).toMatchObject({ personId: made.json().personId, schoolUrn: ours.urn, mentorEmail });
    expect((await latestMailTo(t.db, email))?.subject).toMatch(/^You are registered for/);
    expect((await latestMailTo(t.db, mentorEmail))?.subject).toMatch(
      /Ana Lopez is registered .*: you are their mentor$/,
    );
  });

  it('a participant who is no school contact still registers only themself', async () => {
    const activity = await workGroup();
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const response = await post(activity.id, await tokenFor(participant.id), {
      person: { email: `x.${unique()}@example.org`, givenName: 'X', familyName: 'Y' },
      schoolUrn: ours.urn,
      roleInSchool: 'Class teacher',
    });
    expect(response.statusCode).toBe(403);
  });

  it('hub leadership admit a school that does not qualify with a justification, documented in OpenAPI', async () => {
    const ncp = await makeNcp(t.db, { title: `Secondary Work Group ${unique()}`, phases: ['secondary'] });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
    });
    const school = await makeSchool(t.db, { laCode, name: 'Rowan Primary School' });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const token = await tokenFor(leader.id);
    const body = {
      person: { email: `rowan.${unique()}@example.org`, givenName: 'Ria', familyName: 'Cole' },
      schoolUrn: school.urn,
      roleInSchool: 'Maths lead',
    };
    const refused = await post(activity.id, token, body);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Rowan Primary School does not meet this project’s rules:');
    expect(refused.body).toContain('To admit Rowan Primary School anyway, give your reason for admitting it');

    const justification = 'A Year 7 transition project with their secondary partner';
    const admitted = await post(activity.id, token, { ...body, justification });
    expect(admitted.statusCode).toBe(201);
    const [override] = await t.db
      .select()
      .from(eligibilityOverrides)
      .where(eq(eligibilityOverrides.activityId, activity.id));
    expect(override).toMatchObject({ schoolUrn: school.urn, justification });

    const docs = await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` });
    const operation = docs.json().paths['/api/v1/activities/{id}/registrations'].post;
    const schema = operation.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties)).toContain('justification');
    expect(schema.properties.person.description).toContain('a school contact a teacher of their school');
  });
});

describe('the way in for a school contact', () => {
  it('links “Register a teacher” from the hub’s offer page and from their school’s page', async () => {
    const yearCode = currentAcademicYear();
    const ncp = await makeNcp(t.db, { yearCode, title: `Offer Work Group ${unique()}` });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode,
      status: 'planned',
    });
    await t.db
      .update(hubActivities)
      .set({ openForDirectRegistration: true })
      .where(eq(hubActivities.id, activity.id));
    const register = `href="${paths.activity.signUp(activity.id)}?who=teacher"`;
    const client = await signedInClient(t.app, t.db, contact.id);
    const offer = await client.get(paths.hubOffer(hub.slug));
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain(register);
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const asParticipant = await signedInClient(t.app, t.db, participant.id);
    expect((await asParticipant.get(paths.hubOffer(hub.slug))).body).not.toContain(register);

    await addSchool(t.db, activity.id, ours.urn);
    const school = await client.get(paths.my.school);
    expect(school.statusCode).toBe(200);
    expect(school.body).toContain(register);
    // The link opens the form on the teacher's choice.
    const page = await client.get(`${paths.activity.signUp(activity.id)}?who=teacher`);
    expect(page.body).toMatch(/value="teacher" checked/);

    // Where the hub registers people itself, their school's page offers "Register interest" instead.
    await t.db
      .update(hubActivities)
      .set({ openForDirectRegistration: false })
      .where(eq(hubActivities.id, activity.id));
    const closed = await client.get(paths.my.school);
    expect(closed.body).not.toContain(register);
    expect(closed.body).toContain(`href="${paths.registerInterest}?activity=${activity.id}"`);
  });
});
