import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { people, roleAssignments } from './schema.ts';

describe('people and their roles', () => {
  let t: TestContext;
  let hubA: Awaited<ReturnType<typeof makeHub>>;
  let hubB: Awaited<ReturnType<typeof makeHub>>;
  let schoolA: Awaited<ReturnType<typeof makeSchool>>;
  let schoolB: Awaited<ReturnType<typeof makeSchool>>;
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let analyst: Awaited<ReturnType<typeof makePerson>>;
  let leadA: Awaited<ReturnType<typeof makePerson>>;
  let llmeA: Awaited<ReturnType<typeof makePerson>>;
  let llmeB: Awaited<ReturnType<typeof makePerson>>;

  beforeAll(async () => {
    t = await createTestApp();
    const laA = await makeLocalAuthority(t.db);
    const laB = await makeLocalAuthority(t.db);
    hubA = await makeHub(t.db, { name: 'Alpha Maths Hub' }, [{ laCode: laA.code }]);
    hubB = await makeHub(t.db, { name: 'Beta Maths Hub' }, [{ laCode: laB.code }]);
    schoolA = await makeSchool(t.db, { laCode: laA.code });
    schoolB = await makeSchool(t.db, { laCode: laB.code });
    admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    leadA = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id, title: 'Maths Hub Lead' }]);
    llmeA = await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }], { familyName: 'Alphason' });
    llmeB = await makePerson(t.db, [{ role: 'llme', hubId: hubB.id }], { familyName: 'Betason' });
  });
  afterAll(() => t.close());

  const as = (person: { id: number }) => signedInClient(t.app, t.db, person.id);
  const rolesOf = (personId: number) =>
    t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));

  it('lists and searches everyone for national staff', async () => {
    const client = await as(analyst);
    const all = await client.get(paths.admin.people);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('Alphason');
    expect(all.body).toContain('Betason');
    const found = await client.get(`${paths.admin.people}?q=betas`);
    expect(found.body).toContain('Betason');
    expect(found.body).not.toContain('Alphason');
    // Analysts read but do not change.
    expect(found.body).not.toContain('data-testid="add-person"');
    expect((await client.get(paths.admin.newPerson)).statusCode).toBe(403);
  });

  it('shows hub leadership only the people in their hub', async () => {
    const client = await as(leadA);
    const list = await client.get(paths.admin.people);
    expect(list.body).toContain('Alphason');
    expect(list.body).not.toContain('Betason');
    expect((await client.get(paths.admin.person(llmeA.id))).statusCode).toBe(200);
    // Another hub's person is not found: a 403 would say that they exist.
    expect((await client.get(paths.admin.person(llmeB.id))).statusCode).toBe(404);
  });

  it('is closed to LLMEs', async () => {
    expect((await (await as(llmeA)).get(paths.admin.people)).statusCode).toBe(403);
  });

  it('lets a national administrator create a person with a role, recorded with the reason', async () => {
    const client = await as(admin);
    const response = await client.submit(
      paths.admin.people,
      {
        givenName: 'Nadia',
        familyName: 'Newcomer',
        email: 'Nadia.Newcomer@example.org',
        role: 'hub_leadership',
        hubId: String(hubB.id),
        schoolUrn: '',
        title: 'Project Manager',
        reason: 'Joined the hub team',
      },
      paths.admin.newPerson,
    );
    expect(response.statusCode).toBe(303);
    const [created] = await t.db.select().from(people).where(eq(people.email, 'nadia.newcomer@example.org'));
    expect(created).toBeDefined();
    expect(response.headers.location).toBe(paths.admin.person(created!.id));
    expect(await rolesOf(created!.id)).toMatchObject([
      { role: 'hub_leadership', hubId: hubB.id, title: 'Project Manager' },
    ]);
    const recorded = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(created!.id)));
    expect(recorded.map((e) => [e.action, e.hubId, e.reason, e.actorPersonId])).toEqual([
      ['person.created', hubB.id, 'Joined the hub team', admin.id],
      ['role.granted', hubB.id, 'Joined the hub team', admin.id],
    ]);
    const page = await client.get(response.headers.location as string);
    expect(page.body).toContain('Nadia Newcomer has been added');
  });

  it('keeps the input and explains problems in the add-person form', async () => {
    const client = await as(admin);
    const response = await client.submit(
      paths.admin.people,
      {
        givenName: 'Omar',
        familyName: '',
        email: 'omar@',
        role: 'llme',
        hubId: '',
        schoolUrn: '',
        title: '',
        reason: '',
      },
      paths.admin.newPerson,
    );
    expect(response.headers.location).toBe(paths.admin.newPerson);
    const page = await client.get(paths.admin.newPerson);
    expect(page.body).toContain('Enter their last name');
    expect(page.body).toContain('Enter an email address in the correct format');
    expect(page.body).toContain('value="Omar"');
  });

  it('lets hub leadership give an LLME role in their own hub', async () => {
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }]);
    const client = await as(leadA);
    const response = await client.submit(
      paths.admin.personRoles(participant.id),
      { role: 'llme', hubId: String(hubA.id), schoolUrn: '', title: '', reason: 'Accredited' },
      paths.admin.person(participant.id),
    );
    expect(response.statusCode).toBe(303);
    expect((await rolesOf(participant.id)).map((r) => r.role).sort()).toEqual(['llme', 'participant']);
    const [granted] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'role.granted'), eq(eventLog.subjectId, String(participant.id))));
    expect(granted).toMatchObject({ hubId: hubA.id, reason: 'Accredited', actorPersonId: leadA.id });
  });

  it('forbids hub leadership to give a role in another hub (403), and records nothing', async () => {
    const client = await as(leadA);
    const before = (await t.db.select().from(eventLog)).length;
    const response = await client.submit(
      paths.admin.personRoles(llmeA.id),
      { role: 'participant', hubId: String(hubB.id), schoolUrn: '', title: '', reason: '' },
      paths.admin.person(llmeA.id),
    );
    expect(response.statusCode).toBe(403);
    expect((await rolesOf(llmeA.id)).map((r) => r.hubId)).toEqual([hubA.id]);
    expect((await t.db.select().from(eventLog)).length).toBe(before);
    // Nor on someone outside their hub, nor a role only national administrators give.
    const outside = await client.submit(
      paths.admin.personRoles(llmeB.id),
      { role: 'llme', hubId: String(hubA.id), schoolUrn: '', title: '', reason: '' },
      paths.admin.person(llmeA.id),
    );
    expect(outside.statusCode).toBe(404);
    const leadership = await client.submit(
      paths.admin.personRoles(llmeA.id),
      { role: 'hub_leadership', hubId: String(hubA.id), schoolUrn: '', title: '', reason: '' },
      paths.admin.person(llmeA.id),
    );
    expect(leadership.statusCode).toBe(403);
  });

  it('gives a school contact the hub of their school, and hub leadership another hub’s school only with a reason', async () => {
    const client = await as(leadA);
    const response = await client.submit(
      paths.admin.people,
      {
        givenName: 'Sam',
        familyName: 'Contact',
        email: 'sam.contact@example.org',
        role: 'school_contact',
        hubId: '',
        schoolUrn: String(schoolA.urn),
        title: '',
        reason: '',
      },
      paths.admin.newPerson,
    );
    expect(response.statusCode).toBe(303);
    const [sam] = await t.db.select().from(people).where(eq(people.email, 'sam.contact@example.org'));
    expect(await rolesOf(sam!.id)).toMatchObject([
      { role: 'school_contact', schoolUrn: schoolA.urn, hubId: hubA.id },
    ]);
    const elsewhere = await client.submit(
      paths.admin.people,
      {
        givenName: 'Bea',
        familyName: 'Elsewhere',
        email: 'bea.elsewhere@example.org',
        role: 'school_contact',
        hubId: String(hubA.id),
        schoolUrn: String(schoolB.urn),
        title: '',
        reason: '',
      },
      paths.admin.newPerson,
    );
    // Another hub's school: not without a reason (out-of-area-roles.int.test.ts for with one).
    expect(elsewhere.statusCode).toBe(303);
    expect((await client.get(paths.admin.newPerson)).body).toContain('is outside your hub’s area');
    expect(await t.db.select().from(people).where(eq(people.email, 'bea.elsewhere@example.org'))).toEqual([]);
  });

  it('ends a role from today after a confirmation, recording why', async () => {
    const person = await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }]);
    const [assignment] = await rolesOf(person.id);
    const client = await as(leadA);
    const confirm = await client.get(paths.admin.endRole(person.id, assignment!.id));
    expect(confirm.statusCode).toBe(200);
    const ended = await client.submit(paths.admin.endRole(person.id, assignment!.id), {
      reason: 'Moved away',
    });
    expect(ended.statusCode).toBe(303);
    const [after] = await rolesOf(person.id);
    expect(after?.endsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const signedIn = await (await as(person)).get(paths.account);
    expect(signedIn.body).toContain('You have no roles yet');
    const [recorded] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'role.ended'), eq(eventLog.subjectId, String(person.id))));
    expect(recorded).toMatchObject({ hubId: hubA.id, reason: 'Moved away', actorPersonId: leadA.id });
    // Ending it again is a conflict, not a second event.
    const again = await client.submit(
      paths.admin.endRole(person.id, assignment!.id),
      { reason: '' },
      paths.admin.person(person.id),
    );
    expect(again.statusCode).toBe(409);
  });

  it('forbids hub leadership to end a role in another hub', async () => {
    const [assignment] = await rolesOf(llmeB.id);
    const client = await as(leadA);
    const confirm = await client.get(paths.admin.endRole(llmeB.id, assignment!.id));
    expect(confirm.statusCode).toBe(404);
    const response = await client.submit(
      paths.admin.endRole(llmeB.id, assignment!.id),
      { reason: '' },
      paths.admin.person(llmeA.id),
    );
    expect(response.statusCode).toBe(404);
    expect((await rolesOf(llmeB.id))[0]?.endsOn).toBeNull();
  });
});
