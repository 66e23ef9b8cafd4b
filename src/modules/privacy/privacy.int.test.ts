import { eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { outbox } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { signInCodes } from '../auth/schema.ts';
import { createFeed } from '../events/calendar-feed.ts';
import { calendarFeeds, eventComments, eventMailPreferences, eventPlaces } from '../events/schema.ts';
import { people } from '../people/schema.ts';
import { annualFigures } from '../reporting/annual-figures.ts';
import { makeReportScenario } from '../reporting/report-scenario.int-support.ts';
import { erasedEmail, erasePerson } from './erase-person.ts';
import { personReferences } from './person-references.ts';

describe('UK GDPR: subject access and erasure', () => {
  let t: TestContext;
  let hubA: Awaited<ReturnType<typeof makeHub>>;
  let hubB: Awaited<ReturnType<typeof makeHub>>;
  let teacher: Awaited<ReturnType<typeof makePerson>>;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let leadA: Awaited<ReturnType<typeof makePerson>>;
  let leadB: Awaited<ReturnType<typeof makePerson>>;
  let analyst: Awaited<ReturnType<typeof makePerson>>;
  let mentee: Awaited<ReturnType<typeof makePerson>>;
  let duplicate: Awaited<ReturnType<typeof makePerson>>;

  beforeAll(async () => {
    t = await createTestApp();
    const laA = await makeLocalAuthority(t.db);
    const laB = await makeLocalAuthority(t.db);
    hubA = await makeHub(t.db, { name: 'Alpha Maths Hub' }, [{ laCode: laA.code }]);
    hubB = await makeHub(t.db, { name: 'Beta Maths Hub' }, [{ laCode: laB.code }]);
    const school = await makeSchool(t.db, { laCode: laA.code, name: 'Quince Primary School' });
    admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    leadA = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id, title: 'Maths Hub Lead' }]);
    leadB = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubB.id, title: 'Maths Hub Lead' }]);
    teacher = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }], {
      givenName: 'Philippa',
      familyName: 'Quartermaine',
      email: 'philippa.quartermaine@example.org',
      schoolUrn: school.urn,
    });
    mentee = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }]);
    // A duplicate record of her, merged into hers.
    duplicate = await makePerson(t.db, [], {
      givenName: 'Pippa',
      familyName: 'Quartermaine',
      email: 'pippa.q@example.org',
      mergedIntoPersonId: teacher.id,
      disabledAt: new Date(),
    });
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, {
      hubId: hubA.id,
      ncpId: ncp.id,
      title: 'Fractions Work Group',
    });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: teacher.id,
      schoolUrn: school.urn,
    });
    await t.db
      .update(enrolments)
      .set({ mentorName: 'Mo Mentor', mentorEmail: 'mo.mentor@example.org', roleInSchool: 'Head of maths' })
      .where(eq(enrolments.id, enrolment.id));
    // Another teacher names her as their mentor.
    const menteeEnrolment = await enrol(t.db, { activityId: activity.id, personId: mentee.id });
    await t.db
      .update(enrolments)
      .set({ mentorName: 'Philippa Quartermaine', mentorEmail: 'Philippa.Quartermaine@example.org' })
      .where(eq(enrolments.id, menteeEnrolment.id));
    await addLead(t.db, activity.id, leadA.id);
    const session = await makeSession(t.db, {
      activityId: activity.id,
      startsAt: '2023-10-10T13:30:00Z',
      title: 'First TRG',
    });
    await mark(t.db, session.id, enrolment.id, 'present');
    const event = await makeEvent(t.db, { hubId: hubA.id, title: 'Spring conference', invite: [teacher.id] });
    const place = await givePlace(t.db, event.id, teacher.id);
    await t.db
      .update(eventPlaces)
      .set({ dietary: 'Vegan, no nuts', access: 'Step-free access', otherRequirements: 'Hearing loop' })
      .where(eq(eventPlaces.id, place.id));
    await t.db
      .insert(eventComments)
      .values({ eventId: event.id, personId: teacher.id, body: 'Looking forward to it' });
    await t.db.insert(eventMailPreferences).values({ personId: teacher.id, dailyDigest: true });
    await t.db.insert(outbox).values({
      toAddress: teacher.email,
      subject: 'Your place at Spring conference',
      textBody: 'Dear Philippa, your place is confirmed.',
      transport: 'test',
    });
    await t.db.insert(signInCodes).values({
      email: teacher.email,
      codeHash: 'hash-of-a-code',
      expiresAt: new Date(Date.now() + 600_000),
    });
    await createApiToken(t.db, systemActor('test'), { personId: teacher.id, name: 'My spreadsheet' });
    await createFeed(t.db, personActor(teacher.id), { personId: teacher.id });
    // An entry in the log by someone else about her, carrying her email (as the log did before ids).
    await t.db.insert(eventLog).values({
      actorPersonId: leadA.id,
      actorLabel: `Lead (${leadA.email})`,
      action: 'person.created',
      subjectType: 'person',
      subjectId: String(teacher.id),
      hubId: hubA.id,
      changes: { email: teacher.email, givenName: 'Philippa', familyName: 'Quartermaine' },
    });
  });
  afterAll(() => t.close());

  const as = (person: { id: number }) => signedInClient(t.app, t.db, person.id);

  it('covers every table that refers to a person (a new one fails here until subject access and erasure handle it)', async () => {
    const { rows } = await t.db.execute<{ ref: string }>(sql`
      SELECT DISTINCT kcu.table_name || '.' || kcu.column_name AS ref
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu
        ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public' AND ccu.table_name = 'people'
      UNION
      SELECT table_name || '.' || column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name LIKE '%person\\_id'
      ORDER BY 1`);
    expect(rows.map((r) => r.ref).sort()).toEqual(Object.keys(personReferences).sort());
  });

  it('shows a person everything held about them, and gives it as a JSON file', async () => {
    const client = await as(teacher);
    const account = await client.get(paths.account);
    expect(account.body).toContain(`href="${paths.privacy.yourData}"`);
    const page = await client.get(paths.privacy.yourData);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const text of [
      'Philippa',
      'philippa.quartermaine@example.org',
      'Quince Primary School',
      'Participant',
      'Fractions Work Group',
      'Mo Mentor',
      'First TRG',
      'Spring conference',
      'Vegan, no nuts',
      'Step-free access',
      'Hearing loop',
      'Looking forward to it',
      'Your place at Spring conference',
      'Dear Philippa, your place is confirmed.',
      'My spreadsheet',
      'person.created',
      'pippa.q@example.org',
    ]) {
      expect(page.body, text).toContain(text);
    }
    expect(page.body).toContain('10 October 2023');

    const file = await client.get(paths.privacy.yourDataJson);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('application/json');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.headers['cache-control']).toBe('no-store');
    const data = JSON.parse(file.body);
    expect(data.profile).toMatchObject({ givenName: 'Philippa', email: 'philippa.quartermaine@example.org' });
    expect(data.enrolments[0]).toMatchObject({ activity: 'Fractions Work Group', mentorName: 'Mo Mentor' });
    expect(data.attendance[0]).toMatchObject({ session: 'First TRG', status: 'present' });
    expect(data.eventPlaces[0]).toMatchObject({ dietary: 'Vegan, no nuts', access: 'Step-free access' });
    expect(data.emails[0]).toMatchObject({ subject: 'Your place at Spring conference' });
    expect(data.emailPreferences).toEqual([{ dailyDigest: true }]);
    expect(data.apiTokens).toHaveLength(1);
    expect(data.calendarFeeds).toHaveLength(1);
    expect(data.signInCodes).toHaveLength(1);
    expect(data.eventInvitations).toHaveLength(1);
    expect(data.eventLog.map((e: { action: string }) => e.action)).toContain('person.created');
    // Secrets are never given out: no hashes, no tokens.
    expect(file.body).not.toContain('hash-of-a-code');
    expect(file.body).not.toMatch(/token_?hash|password_?hash|connect_?token/i);
  });

  it('lets hub leadership (for people their hub can see) and the national team produce it, and logs that', async () => {
    for (const staff of [admin, analyst, leadA]) {
      const client = await as(staff);
      const person = await client.get(paths.admin.person(teacher.id));
      expect(person.body).toContain(`href="${paths.privacy.personData(teacher.id)}"`);
      const page = await client.get(paths.privacy.personData(teacher.id));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Vegan, no nuts');
      const file = await client.get(paths.privacy.personDataJson(teacher.id));
      expect(JSON.parse(file.body).profile.familyName).toBe('Quartermaine');
    }
    const other = await as(leadB);
    expect([403, 404]).toContain((await other.get(paths.privacy.personData(teacher.id))).statusCode);
    expect([403, 404]).toContain((await other.get(paths.privacy.personDataJson(teacher.id))).statusCode);
    const participant = await as(mentee);
    expect((await participant.get(paths.privacy.personData(teacher.id))).statusCode).toBe(403);
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.data_produced'));
    expect(logged.filter((e) => e.subjectId === String(teacher.id))).toHaveLength(6);
    expect(logged.every((e) => !JSON.stringify(e.changes).includes('Quartermaine'))).toBe(true);
  });

  it('asks the national administrator to confirm, with what will happen, before erasing', async () => {
    const client = await as(admin);
    const person = await client.get(paths.admin.person(teacher.id));
    expect(person.body).toContain(`href="${paths.privacy.erasePerson(teacher.id)}"`);
    expect((await (await as(leadA)).get(paths.admin.person(teacher.id))).body).not.toContain(
      paths.privacy.erasePerson(teacher.id),
    );
    const confirm = await client.get(paths.privacy.erasePerson(teacher.id));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Erased person');
    expect(confirm.body).toContain('dietary');
    const refused = await client.submit(paths.privacy.erasePerson(teacher.id), { reason: 'Request 17' });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(paths.privacy.erasePerson(teacher.id));
    const again = await client.get(paths.privacy.erasePerson(teacher.id));
    expect(again.body).toContain('Confirm that you want to erase their personal data');
    const [still] = await t.db.select().from(people).where(eq(people.id, teacher.id));
    expect(still!.erasedAt).toBeNull();
    // Nobody erases their own record.
    const self = await client.submit(
      paths.privacy.erasePerson(admin.id),
      { reason: 'Test', confirm: 'yes' },
      paths.accountPassword,
    );
    expect(self.statusCode).toBe(303);
    const [adminRow] = await t.db.select().from(people).where(eq(people.id, admin.id));
    expect(adminRow!.erasedAt).toBeNull();
  });

  it('erases a person: personal data removed or anonymised everywhere, rows kept, logged by id only', async () => {
    const teacherSession = await as(teacher);
    const client = await as(admin);
    const done = await client.submit(paths.privacy.erasePerson(teacher.id), {
      reason: 'Erasure request 17',
      confirm: 'yes',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.admin.person(teacher.id));

    const [row] = await t.db.select().from(people).where(eq(people.id, teacher.id));
    expect(row).toMatchObject({
      givenName: 'Erased',
      familyName: 'person',
      email: erasedEmail(teacher.id),
      passwordHash: null,
      schoolUrn: null,
    });
    expect(row!.email).not.toContain('@');
    expect(row!.erasedAt).toBeInstanceOf(Date);
    expect(row!.disabledAt).toBeInstanceOf(Date);
    const [erasedDuplicate] = await t.db.select().from(people).where(eq(people.id, duplicate.id));
    expect(erasedDuplicate).toMatchObject({ givenName: 'Erased', email: erasedEmail(duplicate.id) });
    // Signed out everywhere, and cannot sign in again.
    expect((await teacherSession.get(paths.account)).statusCode).toBe(302);
    const count = async (table: string, where: ReturnType<typeof sql>) =>
      (
        await t.db.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`,
        )
      ).rows[0]!.n;
    expect(await count('sessions', sql`person_id = ${teacher.id}`)).toBe(0);
    expect(await count('api_tokens', sql`person_id = ${teacher.id}`)).toBe(0);
    expect(await count('calendar_feeds', sql`person_id = ${teacher.id}`)).toBe(0);
    expect(await count('event_mail_preferences', sql`person_id = ${teacher.id}`)).toBe(0);
    expect(await count('sign_in_codes', sql`lower(email) = 'philippa.quartermaine@example.org'`)).toBe(0);
    expect(await count('outbox', sql`to_address = 'philippa.quartermaine@example.org'`)).toBe(0);
    // Kept, tied to the anonymised person, without requirements or mentor details.
    const [place] = await t.db.select().from(eventPlaces).where(eq(eventPlaces.personId, teacher.id));
    expect(place).toMatchObject({
      dietary: null,
      access: null,
      otherRequirements: null,
      status: 'confirmed',
    });
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.personId, teacher.id));
    expect(enrolment).toMatchObject({ mentorName: null, mentorEmail: null, roleInSchool: null });
    expect(await count('attendance_marks', sql`enrolment_id = ${enrolment!.id}`)).toBe(1);
    const [named] = await t.db.select().from(enrolments).where(eq(enrolments.personId, mentee.id));
    expect(named).toMatchObject({ mentorName: null, mentorEmail: null });
    const [comment] = await t.db.select().from(eventComments).where(eq(eventComments.personId, teacher.id));
    expect(comment!.body).not.toContain('Looking forward');
    expect(await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, teacher.id))).toEqual([]);
    // The log: nothing anywhere still holds her name or email; the erasure refers to her by id.
    const { rows: leftovers } = await t.db.execute(sql`
      SELECT id FROM event_log WHERE (actor_label || coalesce(reason, '') || coalesce(changes::text, ''))
        ~* 'quartermaine|philippa'`);
    expect(leftovers).toEqual([]);
    const erased = (await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.erased'))).find(
      (e) => e.subjectId === String(teacher.id),
    );
    expect(erased).toMatchObject({
      subjectType: 'person',
      subjectId: String(teacher.id),
      actorPersonId: admin.id,
    });
    expect(erased!.reason).toBe('Erasure request 17');
    // Nothing personal anywhere in the database: every text column of every table.
    const { rows: columns } = await t.db.execute<{ table_name: string; column_name: string }>(sql`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'ARRAY', 'character varying')`);
    for (const c of columns) {
      const found = await count(
        c.table_name,
        sql`${sql.identifier(c.column_name)}::text ~* 'quartermaine|pippa|Vegan, no nuts|Step-free access'`,
      );
      expect(found, `${c.table_name}.${c.column_name}`).toBe(0);
    }
    // The person's page says so and offers no second erasure.
    const page = await client.get(paths.admin.person(teacher.id));
    expect(page.body).toContain('Erased person');
    expect(page.body).not.toContain(`href="${paths.privacy.erasePerson(teacher.id)}"`);
    const twice = await client.submit(
      paths.privacy.erasePerson(teacher.id),
      { reason: 'x', confirm: 'yes' },
      paths.accountPassword,
    );
    expect(twice.statusCode).toBe(409);
  });

  it('leaves the annual report’s figures unchanged when everyone in them is erased', async () => {
    const scenarioApp = await createTestApp();
    try {
      const db = scenarioApp.db;
      await makeReportScenario(db);
      const q = { fromYear: '2021/22', toYear: '2023/24' };
      const before = await annualFigures(db, q);
      const everyone = await db.select({ id: people.id }).from(people);
      expect(everyone.length).toBeGreaterThan(5);
      for (const { id } of everyone) {
        // A duplicate merged into someone already erased has gone with them.
        const [row] = await db.select({ erasedAt: people.erasedAt }).from(people).where(eq(people.id, id));
        if (row!.erasedAt) continue;
        await db.transaction((tx) => erasePerson(tx, systemActor('test'), { personId: id, reason: 'Test' }));
      }
      expect(await db.select().from(people).where(isNull(people.erasedAt))).toEqual([]);
      const after = await annualFigures(db, q);
      expect(after).toEqual(before);
    } finally {
      await scenarioApp.close();
    }
  });
});

describe('the privacy notice', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is public, names the controller and the rights, and is linked from every page’s footer and from sign-in', async () => {
    const notice = await t.app.inject({ method: 'GET', url: paths.privacy.notice });
    expect(notice.statusCode).toBe(200);
    for (const text of [
      'NCETM',
      'Department for Education',
      'to be confirmed',
      'Information Commissioner',
      'Article 6',
    ]) {
      expect(notice.body).toContain(text);
    }
    expect(notice.body).toContain(`href="${paths.privacy.yourData}"`);
    for (const url of [paths.home, paths.signIn, paths.findYourHub, '/no-such-page']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.body, url).toContain(`data-testid="footer-privacy"`);
    }
    const signIn = await t.app.inject({ method: 'GET', url: paths.signIn });
    expect(signIn.body).toContain('data-testid="sign-in-privacy"');
  });
});
