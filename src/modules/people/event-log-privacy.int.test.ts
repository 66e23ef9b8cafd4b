import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRateLimits, signInByCode } from '../../../test/support/auth-helpers.ts';
import { makeAcademicYear, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { dayFromToday, makeEvent } from '../../../test/support/event-factories.ts';
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
import { migrationsFolder } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { people } from './schema.ts';

// The event log refers to people by id only: no email address, name or requirement is written in a
// log row (actor label, reason or change details), and the event log page looks the names up when it
// shows them, so erasing a person's row is enough for the log to stop showing who they were.

const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

describe('the event log holds no personal data', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creating a person, registering, a place with requirements and a bank holiday leave ids, not names', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, { slug: 'privacy-hub', name: 'Privacy Maths Hub' }, [
      { laCode: la.code },
    ]);
    const school = await makeSchool(t.db, { laCode: la.code });
    const admin = await makePerson(t.db, [{ role: 'national_admin' }], {
      givenName: 'Adela',
      familyName: 'Quartermain',
      email: 'adela.quartermain@example.org',
    });
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }], {
      givenName: 'Leopold',
      familyName: 'Vantongeren',
      email: 'leopold.vantongeren@example.org',
    });
    const teacher = await makePerson(t.db, [], {
      givenName: 'Teodora',
      familyName: 'Blackwood',
      email: 'teodora.blackwood@example.org',
      schoolUrn: school.urn,
    });

    // Signing in by code (the sign-in event).
    await clearRateLimits(t.db);
    const adminClient = await signInByCode(t.app, t.db, admin.email);

    // Creating a person on the "Add a person" page.
    const created = await adminClient.submit(
      paths.admin.people,
      {
        givenName: 'Nadezhda',
        familyName: 'Oyelaran',
        email: 'nadezhda.oyelaran@example.org',
        role: 'hub_leadership',
        hubId: String(hub.id),
        schoolUrn: '',
        title: 'Project Manager',
        reason: 'Joined the hub team',
      },
      paths.admin.newPerson,
    );
    expect(created.statusCode).toBe(303);

    // Registering a new participant, with a mentor, through the API.
    const ncp = await makeNcp(t.db, { title: 'Privacy programme', type: 'programme' });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      kind: 'programme_cohort',
      title: 'Privacy cohort',
    });
    const token = (await createApiToken(t.db, systemActor('test'), { personId: lead.id, name: 'test' }))
      .token;
    const registered = await t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(activity.id),
      headers: { authorization: `Bearer ${token}` },
      payload: {
        person: {
          email: 'ignatius.featherstone@example.org',
          givenName: 'Ignatius',
          familyName: 'Featherstone',
        },
        schoolUrn: school.urn,
        roleInSchool: 'Class teacher',
        yearGroups: ['Year 3'],
        mentorName: 'Wilhelmina Ashdown',
        mentorEmail: 'wilhelmina.ashdown@example.org',
      },
    });
    expect(registered.statusCode).toBe(201);

    // A place at a face-to-face event, with requirements.
    const event = await makeEvent(t.db, { hubId: hub.id, format: 'face_to_face', invite: [teacher.id] });
    const teacherClient = await signedInClient(t.app, t.db, teacher.id);
    await teacherClient.submit(paths.events.confirm(event.id), {}, paths.events.show(event.id));
    await teacherClient.submit(
      paths.events.requirements(event.id),
      { dietary: 'Coeliac, no gluten', access: 'Wheelchair user', otherRequirements: 'Hearing loop' },
      paths.events.show(event.id),
    );

    // A bank holiday added on the national team's page, which moves an event's deadline.
    const moved = await makeEvent(t.db, {
      hubId: hub.id,
      startsAt: new Date(`${dayFromToday(70)}T10:00:00Z`),
      confirmBy: '2000-01-01',
    });
    const holiday = await adminClient.submit(paths.events.bankHolidays, {
      ...dateFields('date', '2031-06-03'),
      title: 'A one-off bank holiday',
    });
    expect(holiday.statusCode).toBe(303);

    const rows = await t.db.select().from(eventLog);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'person.signed_in',
        'person.created',
        'role.granted',
        'enrolment.registered',
        'event.place_confirmed',
        'event.requirements_saved',
        'bank_holidays.added',
        'event.deadline_moved',
      ]),
    );
    // The moved deadline is logged against the event it moved.
    expect(
      rows.find((r) => r.action === 'event.deadline_moved' && r.subjectId === String(moved.id)),
    ).toMatchObject({
      hubId: hub.id,
      actorPersonId: admin.id,
      changes: { confirmBy: ['2000-01-01', expect.any(String)] },
    });

    const personal = [
      'Adela',
      'Quartermain',
      'Leopold',
      'Vantongeren',
      'Teodora',
      'Blackwood',
      'Nadezhda',
      'Oyelaran',
      'Ignatius',
      'Featherstone',
      'Wilhelmina',
      'Ashdown',
      'Coeliac',
      'Wheelchair',
      'Hearing loop',
    ];
    for (const row of rows) {
      const text = JSON.stringify([row.actorLabel, row.reason, row.changes]);
      expect(text, `${row.action} holds an email address: ${text}`).not.toMatch(emailPattern);
      for (const word of personal) expect(text, `${row.action} holds "${word}": ${text}`).not.toContain(word);
    }
    // Every change by a person names them by id.
    const bySignedIn = rows.filter((r) => r.action !== 'demo.loaded' && r.actorLabel !== 'test');
    expect(bySignedIn.every((r) => r.actorPersonId !== null)).toBe(true);

    // The event log page still shows who did what, by their name as it is now.
    const page = await adminClient.get(paths.admin.eventLog);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Adela Quartermain');
    expect(page.body).toContain('Leopold Vantongeren');
    expect(page.body).toContain('Teodora Blackwood');
    const csv = await adminClient.get(`${paths.admin.eventLog}?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Adela Quartermain');

    // Erasing a person's row is enough for the log to stop showing them.
    await t.db
      .update(people)
      .set({ givenName: 'Renamed', familyName: 'Person' })
      .where(eq(people.id, teacher.id));
    const after = await adminClient.get(paths.admin.eventLog);
    expect(after.body).not.toContain('Teodora Blackwood');
    expect(after.body).toContain('Renamed Person');
  });

  it('migration 0015 moves old rows to person ids and removes names and email addresses', async () => {
    const person = await makePerson(t.db, [], {
      givenName: 'Ottoline',
      familyName: 'Marchbanks',
      email: 'Ottoline.Marchbanks@example.org',
    });
    const insert = (label: string, personId: number | null, changes: unknown, reason: string | null = null) =>
      t.db.$client.query(
        `INSERT INTO event_log (actor_person_id, actor_label, action, subject_type, subject_id, changes, reason)
         VALUES ($1, $2, 'old.action', 'person', '1', $3, $4) RETURNING id`,
        [personId, label, JSON.stringify(changes), reason],
      );
    const ids = [
      (await insert('Ottoline Marchbanks (ottoline.marchbanks@example.org)', null, { method: 'code' }))
        .rows[0].id,
      (await insert('Ottoline Marchbanks (ottoline.marchbanks@example.org)', person.id, null)).rows[0].id,
      (await insert('Gone Person (gone.person@example.org)', null, null)).rows[0].id,
      (
        await insert(
          'cli:root',
          null,
          { email: 'x@example.org', givenName: 'Ottoline', familyName: 'Marchbanks', personId: person.id },
          'Asked by someone@example.org',
        )
      ).rows[0].id,
      (
        await insert('cli:root', null, {
          mergedPersonId: 5,
          mergedPerson: { email: 'm@example.org', givenName: 'M', familyName: 'N' },
          contact: ['old@hub.example.org', 'new@hub.example.org'],
        })
      ).rows[0].id,
    ];
    const hub = await makeHub(t.db, { slug: 'closing-hub' });
    await makeAcademicYear(t.db, '2022/23');
    const { rows: statements } = await t.db.$client.query(
      `INSERT INTO grant_statements (hub_id, year_code, number, status, closed_at, closed_by)
       VALUES ($1, '2022/23', 1, 'closed', now(), 'Ottoline Marchbanks (ottoline.marchbanks@example.org)'),
              ($1, '2022/23', 2, 'closed', now(), 'Gone Person (gone.person@example.org)')
       RETURNING id`,
      [hub.id],
    );
    // The migration's statements, run again (all but the new column, which is there already).
    // Written when the table was `events` (migration 0019 renamed it `event_log`).
    const migration = readFileSync(
      path.join(migrationsFolder, '0015_event_log_by_person_id.sql'),
      'utf8',
    ).replace(/UPDATE events\b/g, 'UPDATE event_log');
    for (const statement of migration.split('--> statement-breakpoint')) {
      if (!/ADD COLUMN/.test(statement)) await t.db.$client.query(statement);
    }
    const { rows } = await t.db.$client.query(
      'SELECT id, actor_person_id, actor_label, changes, reason FROM event_log WHERE id = ANY($1) ORDER BY id',
      [ids],
    );
    expect(rows.map((r) => [r.actor_person_id, r.actor_label])).toEqual([
      [person.id, `person:${person.id}`],
      [person.id, `person:${person.id}`],
      [null, 'A person no longer on the platform'],
      [null, 'cli:root'],
      [null, 'cli:root'],
    ]);
    const { rows: closed } = await t.db.$client.query(
      'SELECT closed_by FROM grant_statements WHERE id = ANY($1) ORDER BY id',
      [statements.map((r) => r.id)],
    );
    expect(closed.map((r) => r.closed_by)).toEqual([
      `person:${person.id}`,
      'A person no longer on the platform',
    ]);
    // A closed statement still refuses every change afterwards.
    await expect(
      t.db.$client.query(`UPDATE grant_statements SET number = 9 WHERE id = $1`, [statements[0].id]),
    ).rejects.toThrow('is closed and cannot change');
    expect(rows[0].changes).toEqual({ method: 'code' });
    expect(rows[3].changes).toEqual({ personId: person.id });
    expect(rows[3].reason).toBe('Asked by (email address not kept)');
    expect(rows[4].changes).toEqual({
      mergedPersonId: 5,
      contact: ['(email address not kept)', '(email address not kept)'],
    });
  });
});
