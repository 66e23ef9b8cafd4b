import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { hubManagedRoles } from './policy.ts';
import { people, type Role, roleAssignments } from './schema.ts';

/**
 * Issue 11: no sequence of the hub-scoped actions a hub lead can take on people (add a person, add a
 * role, merge two records, change a school, end a role), through the pages, yields a role outside the
 * lead's hub, changes anything held outside it, or disables anyone outside it.
 */
describe('hub leadership stays within their hub, whatever they do in whatever order', () => {
  let t: TestContext;
  let hubA: { id: number };
  let hubB: { id: number };
  let leadA: { id: number };
  const schools: number[] = [];
  const emails: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const laA = await makeLocalAuthority(t.db);
    const laB = await makeLocalAuthority(t.db);
    hubA = await makeHub(t.db, {}, [{ laCode: laA.code }]);
    hubB = await makeHub(t.db, {}, [{ laCode: laB.code }]);
    schools.push(
      (await makeSchool(t.db, { laCode: laA.code })).urn,
      (await makeSchool(t.db, { laCode: laB.code })).urn,
    );
    leadA = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id }], {
      email: 'lead.a@example.org',
    });
    const seeds: [string, { role: Role; hubId?: number }[]][] = [
      ['admin@example.org', [{ role: 'national_admin' }]],
      ['analyst@example.org', [{ role: 'national_analyst' }]],
      ['lead.b@example.org', [{ role: 'hub_leadership', hubId: hubB.id }]],
      ['teacher.b@example.org', [{ role: 'participant', hubId: hubB.id }]],
      ['llme.a@example.org', [{ role: 'llme', hubId: hubA.id }]],
      ['teacher.a@example.org', [{ role: 'participant', hubId: hubA.id }]],
      // Someone the national team placed in both hubs, and a hub A participant who is also an administrator.
      [
        'both@example.org',
        [
          { role: 'llme', hubId: hubA.id },
          { role: 'llme', hubId: hubB.id },
        ],
      ],
      ['admin.in.a@example.org', [{ role: 'national_admin' }, { role: 'participant', hubId: hubA.id }]],
    ];
    for (const [email, roles] of seeds) await makePerson(t.db, roles, { email });
    emails.push(
      'lead.a@example.org',
      ...seeds.map(([email]) => email),
      'new.one@example.org',
      'new.two@example.org',
    );
  });
  afterAll(() => t.close());

  const roleArb = fc.constantFrom<Role>(
    'participant',
    'llme',
    'school_contact',
    'hub_leadership',
    'national_admin',
    'national_analyst',
  );
  const hubArb = fc.constantFrom<'A' | 'B' | ''>('A', 'B', '');
  const who = fc.nat({ max: 10 });
  const action = fc.oneof(
    fc.record({
      kind: fc.constant('add-person' as const),
      who,
      role: roleArb,
      hub: hubArb,
      school: fc.nat({ max: 1 }),
    }),
    fc.record({
      kind: fc.constant('add-role' as const),
      who,
      role: roleArb,
      hub: hubArb,
      school: fc.nat({ max: 1 }),
    }),
    fc.record({ kind: fc.constant('merge' as const), keep: who, merge: who }),
    fc.record({ kind: fc.constant('change-school' as const), who, school: fc.nat({ max: 1 }) }),
    fc.record({ kind: fc.constant('end-role' as const), who }),
  );

  const idOf = async (email: string) =>
    (
      await t.db
        .select({ id: people.id })
        .from(people)
        .where(eq(sql`lower(${people.email})`, email))
    )[0]?.id ?? 999_999;
  const hubIdOf = (hub: 'A' | 'B' | '') =>
    hub === 'A' ? String(hubA.id) : hub === 'B' ? String(hubB.id) : '';

  /** Everything held outside hub A (national roles included), and who is disabled. */
  const outsideHubA = async () => ({
    roles: (
      await t.db.execute<{
        id: number;
        person_id: number;
        role: string;
        hub_id: number | null;
        ends_on: string | null;
      }>(
        sql`select id, person_id, role, hub_id, ends_on from role_assignments
            where hub_id is distinct from ${hubA.id} order by id`,
      )
    ).rows,
    // Disabled people who hold (or held) anything outside hub A: a merge may disable only hub A's own.
    disabled: (
      await t.db.execute<{ id: number }>(
        sql`select p.id from people p where p.disabled_at is not null and exists (
              select 1 from role_assignments r where r.person_id = p.id and r.hub_id is distinct from ${hubA.id})
            order by p.id`,
      )
    ).rows.map((r) => r.id),
  });

  it('never yields a role outside the lead’s hub', async () => {
    const client = await signedInClient(t.app, t.db, leadA.id);
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
        const before = await outsideHubA();
        const maxIdBefore =
          (await t.db.execute<{ max: number | null }>(sql`select max(id) as max from role_assignments`))
            .rows[0]!.max ?? 0;
        const peopleInABefore = new Set(
          (
            await t.db.execute<{ person_id: number }>(
              sql`select distinct person_id from role_assignments where hub_id = ${hubA.id}`,
            )
          ).rows.map((r) => r.person_id),
        );
        for (const a of actions) {
          if (a.kind === 'add-person') {
            await client.submit(
              paths.admin.people,
              {
                givenName: 'Prop',
                familyName: 'Test',
                email: emails[a.who]!,
                role: a.role,
                hubId: hubIdOf(a.hub),
                schoolUrn: a.role === 'school_contact' ? String(schools[a.school]) : '',
                title: '',
                reason: '',
              },
              paths.admin.newPerson,
            );
          } else if (a.kind === 'add-role') {
            const id = await idOf(emails[a.who]!);
            await client.submit(
              paths.admin.personRoles(id),
              {
                role: a.role,
                hubId: hubIdOf(a.hub),
                schoolUrn: a.role === 'school_contact' ? String(schools[a.school]) : '',
                title: '',
                reason: '',
              },
              paths.admin.newPerson,
            );
          } else if (a.kind === 'merge') {
            const keepPersonId = String(await idOf(emails[a.keep]!));
            const mergePersonId = String(await idOf(emails[a.merge]!));
            await client.get(
              `${paths.mergePeople}?keepPersonId=${keepPersonId}&mergePersonId=${mergePersonId}`,
            );
            await client.submit(
              paths.mergePeople,
              { keepPersonId, mergePersonId, confirm: 'yes' },
              paths.admin.newPerson,
            );
          } else if (a.kind === 'change-school') {
            const id = await idOf(emails[a.who]!);
            await client.submit(
              paths.admin.personSchool(id),
              { schoolUrn: String(schools[a.school]), reason: '' },
              paths.admin.newPerson,
            );
          } else {
            const id = await idOf(emails[a.who]!);
            const [role] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, id));
            if (role)
              await client.submit(paths.admin.endRole(id, role.id), { reason: '' }, paths.admin.newPerson);
          }
        }
        const after = await outsideHubA();
        // Nothing outside hub A was added, moved, ended or changed; no one was disabled.
        expect(after).toEqual(before);
        // Every new role is one hub leadership may give, in hub A.
        const added = await t.db.execute<{ role: Role; hub_id: number | null; person_id: number }>(
          sql`select role, hub_id, person_id from role_assignments where id > ${maxIdBefore}`,
        );
        for (const r of added.rows) {
          expect(r.hub_id).toBe(hubA.id);
          expect(hubManagedRoles).toContain(r.role);
        }
        // A role in hub A went only to someone new, or already in hub A (never to another hub's person).
        const newcomers = await t.db.execute<{ id: number }>(
          sql`select id from people where email like 'new.%'`,
        );
        const allowed = new Set([...peopleInABefore, ...newcomers.rows.map((r) => r.id)]);
        for (const r of added.rows) expect(allowed.has(r.person_id)).toBe(true);
        // The lead is still only hub A's lead.
        const leadRoles = await t.db
          .select()
          .from(roleAssignments)
          .where(eq(roleAssignments.personId, leadA.id));
        expect(leadRoles.every((r) => r.hubId === hubA.id)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
