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

// Issue 13: hub leadership choosing a school outside their hub's area for a role give a reason.
describe('a school contact of a school outside the hub’s area', () => {
  let t: TestContext;
  let hubId: number;
  let otherHubId: number;
  let leaderId: number;
  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '393', name: 'Sunderland' });
    await makeLocalAuthority(t.db, { code: '394', name: 'Durham' });
    hubId = (await makeHub(t.db, { name: 'Wear Maths Hub' }, [{ laCode: '393' }])).id;
    otherHubId = (await makeHub(t.db, { name: 'Durham Maths Hub' }, [{ laCode: '394' }])).id;
    await makeSchool(t.db, { urn: 122001, laCode: '394', name: 'Cathedral View Primary School' });
    await makeSchool(t.db, { urn: 122002, laCode: '394', name: 'Framwell Primary School' });
    leaderId = (await makePerson(t.db, [{ role: 'hub_leadership', hubId }])).id;
  });
  afterAll(() => t.close());

  const rolesOf = (personId: number) =>
    t.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.personId, personId), eq(roleAssignments.role, 'school_contact')));
  const grantedEvent = async (personId: number) =>
    (
      await t.db
        .select()
        .from(eventLog)
        .where(and(eq(eventLog.action, 'role.granted'), eq(eventLog.subjectId, String(personId))))
    ).find((e) => (e.changes as { role?: string } | null)?.role === 'school_contact');

  it('adding a person: refused without a reason, then added in the lead’s hub with the reason logged', async () => {
    const lead = await signedInClient(t.app, t.db, leaderId);
    const chosen = (await lead.get(`${paths.admin.newPerson}?schoolUrn=122001`)).body;
    expect(chosen).toContain('This school is outside Wear Maths Hub’s area');
    expect(chosen).toContain('data-testid="out-of-area-reason"');

    const person = {
      givenName: 'Hana',
      familyName: 'Reid',
      email: 'hana.reid@example.org',
      role: 'school_contact',
      hubId: String(hubId),
      schoolUrn: '122001',
      title: '',
      reason: '',
    };
    const refused = await lead.submit(paths.admin.people, person, paths.admin.newPerson);
    expect(refused.statusCode).toBe(303);
    const again = (await lead.get(refused.headers.location as string)).body;
    expect(again).toContain('govuk-error-summary');
    expect(again).toContain(
      'Cathedral View Primary School is outside your hub’s area: give the reason for choosing it',
    );
    expect(again).toContain('href="#outOfAreaReason"');
    expect(again).toContain('value="Reid"');
    expect(await t.db.select().from(people).where(eq(people.email, 'hana.reid@example.org'))).toEqual([]);

    const reason = 'The school joins our secondary network';
    const added = await lead.submit(
      paths.admin.people,
      { ...person, outOfAreaReason: reason },
      paths.admin.newPerson,
    );
    expect(added.statusCode).toBe(303);
    const [hana] = await t.db.select().from(people).where(eq(people.email, 'hana.reid@example.org'));
    expect(await rolesOf(hana!.id)).toMatchObject([{ schoolUrn: 122001, hubId }]);
    expect(await grantedEvent(hana!.id)).toMatchObject({
      reason,
      hubId,
      changes: { outsideHubArea: true, schoolUrn: 122001 },
    });
  });

  it('granting a role: refused without a reason, then granted with the reason logged', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId }], { givenName: 'Ivo' });
    const lead = await signedInClient(t.app, t.db, leaderId);
    const formUrl = paths.admin.person(teacher.id);
    const role = { role: 'school_contact', hubId: String(hubId), schoolUrn: '122002', title: '', reason: '' };
    const refused = await lead.submit(paths.admin.personRoles(teacher.id), role, formUrl);
    expect(refused.statusCode).toBe(303);
    const again = (await lead.get(`${formUrl}?schoolUrn=122002`)).body;
    expect(again).toContain(
      'Framwell Primary School is outside your hub’s area: give the reason for choosing it',
    );
    expect(await rolesOf(teacher.id)).toEqual([]);

    const granted = await lead.submit(
      paths.admin.personRoles(teacher.id),
      { ...role, outOfAreaReason: 'Federated with one of our schools', reason: 'Asked by the head' },
      formUrl,
    );
    expect(granted.statusCode).toBe(303);
    expect(await rolesOf(teacher.id)).toMatchObject([{ schoolUrn: 122002, hubId }]);
    expect(await grantedEvent(teacher.id)).toMatchObject({
      reason: 'Federated with one of our schools; Asked by the head',
      changes: { outsideHubArea: true },
    });
  });

  it('national administrators give no reason: the role is in the hub serving the school', async () => {
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId }], { givenName: 'Jo' });
    const client = await signedInClient(t.app, t.db, admin.id);
    const granted = await client.submit(
      paths.admin.personRoles(teacher.id),
      { role: 'school_contact', hubId: '', schoolUrn: '122002', title: '', reason: '' },
      paths.admin.person(teacher.id),
    );
    expect(granted.statusCode).toBe(303);
    expect(await rolesOf(teacher.id)).toMatchObject([{ schoolUrn: 122002, hubId: otherHubId }]);
  });
});
