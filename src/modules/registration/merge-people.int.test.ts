import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { untilWaiting } from '../../../test/support/lock-waits.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import { paths } from '../../platform/paths.ts';
import { activityLeads, attendanceMarks, enrolments } from '../activities/schema.ts';
import { accreditations, people, roleAssignments } from '../people/schema.ts';
import { findDuplicates } from './find-duplicates.ts';
import { mergePeople } from './merge-people.ts';

let t: TestContext;
let hub: { id: number };
let otherHub: { id: number };
let schoolA: { urn: number; name: string };
let schoolB: { urn: number; name: string };

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
  otherHub = await makeHub(t.db);
  schoolA = await makeSchool(t.db, { laCode: la.code });
  schoolB = await makeSchool(t.db, { laCode: la.code });
});
afterAll(() => t.close());

const historyOf = async (ids: number[]) => {
  const [row] = await t.db
    .select({
      enrolments: sql<number>`count(distinct ${enrolments.id})::int`,
      marks: sql<number>`count(${attendanceMarks.sessionId})::int`,
      present: sql<number>`count(*) filter (where ${attendanceMarks.status} = 'present')::int`,
    })
    .from(enrolments)
    .leftJoin(attendanceMarks, eq(attendanceMarks.enrolmentId, enrolments.id))
    .where(inArray(enrolments.personId, ids));
  return row!;
};

describe('merging people', () => {
  it('moves enrolments, marks, leads, roles and accreditations to the kept person, losing no history', async () => {
    const ncp = await makeNcp(t.db);
    const early = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, title: 'Year one WG' });
    const shared = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, title: 'Shared WG' });
    const led = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, title: 'Led WG' });
    const a = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Jo',
      familyName: 'Smith',
      email: 'jo.smith@school-b.example.org',
      schoolUrn: schoolB.urn,
    });
    const b = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Jo',
      familyName: 'Smith',
      email: 'j.smith@school-a.example.org',
      schoolUrn: schoolA.urn,
    });
    await t.db.insert(accreditations).values({ personId: b.id, kind: 'mastery_specialist', cohort: '5' });
    await addLead(t.db, led.id, b.id);
    // B enrolled from their earlier school; both A and B enrolled on the shared activity.
    const bEarly = await enrol(t.db, { activityId: early.id, personId: b.id, schoolUrn: schoolA.urn });
    const aShared = await enrol(t.db, { activityId: shared.id, personId: a.id, schoolUrn: schoolB.urn });
    const bShared = await enrol(t.db, { activityId: shared.id, personId: b.id, schoolUrn: schoolA.urn });
    const sessions = await Promise.all(
      ['2023-10-01', '2023-11-01', '2023-12-01'].map((d) =>
        makeSession(t.db, { activityId: shared.id, startsAt: `${d}T15:00:00Z` }),
      ),
    );
    const earlySession = await makeSession(t.db, { activityId: early.id, startsAt: '2023-10-05T15:00:00Z' });
    await mark(t.db, earlySession.id, bEarly.id, 'present');
    await mark(t.db, sessions[0]!.id, aShared.id, 'absent');
    await mark(t.db, sessions[0]!.id, bShared.id, 'present');
    await mark(t.db, sessions[1]!.id, bShared.id, 'present');
    await mark(t.db, sessions[2]!.id, aShared.id, 'present');

    const before = await historyOf([a.id, b.id]);
    expect(before).toEqual({ enrolments: 3, marks: 5, present: 4 });

    const duplicates = await findDuplicates(t.db, { kind: 'all' }, { page: 1, pageSize: 50 });
    // The same name but no school in common (A is at school B, B enrolled from school A): not a pair.
    expect(duplicates.pairs.find((p) => p.a.id === a.id && p.b.id === b.id)).toBeUndefined();

    const summary = await mergePeople(t.db, systemActor('test'), { keepPersonId: a.id, mergePersonId: b.id });

    const after = await historyOf([a.id]);
    expect(after.enrolments).toBe(2);
    // One session was marked for both: the present mark is kept, nothing else is lost.
    expect(after.marks).toBe(4);
    expect(after.present).toBe(4);
    expect(await historyOf([b.id])).toEqual({ enrolments: 0, marks: 0, present: 0 });

    const kept = await t.db.select().from(enrolments).where(eq(enrolments.personId, a.id));
    // The participant who moved school keeps their earlier enrolment's school.
    expect(kept.find((e) => e.activityId === early.id)).toMatchObject({
      id: bEarly.id,
      schoolUrn: schoolA.urn,
    });
    // Both shared enrolments had two marks: a tie keeps A's, and B's marks move to it.
    expect(summary.enrolmentsCombined).toEqual([
      expect.objectContaining({ kept: aShared.id, removed: bShared.id, activityId: shared.id }),
    ]);
    expect(await t.db.select().from(activityLeads).where(eq(activityLeads.personId, a.id))).toHaveLength(1);
    const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, a.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['llme', 'participant']);
    expect(await t.db.select().from(accreditations).where(eq(accreditations.personId, a.id))).toHaveLength(1);

    const [merged] = await t.db.select().from(people).where(eq(people.id, b.id));
    expect(merged!.mergedIntoPersonId).toBe(a.id);
    expect(merged!.disabledAt).toBeInstanceOf(Date);
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.merged'));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.changes).toMatchObject({
      keptPersonId: a.id,
      mergedPersonId: b.id,
      enrolmentsMoved: [bEarly.id],
    });

    await expect(
      mergePeople(t.db, systemActor('test'), { keepPersonId: a.id, mergePersonId: b.id }),
    ).rejects.toThrow();
  });

  it('runs again from the start when PostgreSQL rolls it back to break a deadlock, and the two are merged', async () => {
    const keep = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const merge = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const other = await t.db.$client.connect();
    try {
      // The other transaction never looks for the deadlock itself: the merge's does, and is rolled back.
      await other.query(`SET deadlock_timeout = '10s'`);
      await other.query('BEGIN');
      // As someone saving the second record holds its row, the merge takes the first and waits for it...
      await other.query('UPDATE people SET given_name = given_name WHERE id = $1', [merge.id]);
      const merging = mergePeople(t.db, systemActor('test'), {
        keepPersonId: keep.id,
        mergePersonId: merge.id,
      });
      await untilWaiting(t.db.$client, 'transactionid', 'the merge');
      // ...and the other then saves the first: a circle. After a second the merge is rolled back, this goes on.
      await other.query('UPDATE people SET given_name = given_name WHERE id = $1', [keep.id]);
      await other.query('COMMIT');
      await merging;
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      other.release();
    }
    const { rows } = await t.db.$client.query(
      'SELECT merged_into_person_id, disabled_at IS NOT NULL AS disabled FROM people WHERE id = $1',
      [merge.id],
    );
    expect(rows).toEqual([{ merged_into_person_id: keep.id, disabled: true }]);
  }, 30_000);

  it('keeps the enrolment with more attendance marks, moving the other’s marks to it', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const a = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const b = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const ea = await enrol(t.db, { activityId: activity.id, personId: a.id, schoolUrn: schoolA.urn });
    const eb = await enrol(t.db, { activityId: activity.id, personId: b.id, schoolUrn: schoolA.urn });
    const s = await Promise.all(
      ['2023-10-01', '2023-11-01', '2023-12-01'].map((d) =>
        makeSession(t.db, { activityId: activity.id, startsAt: `${d}T15:00:00Z` }),
      ),
    );
    await mark(t.db, s[0]!.id, ea.id, 'present');
    await mark(t.db, s[1]!.id, eb.id, 'present');
    await mark(t.db, s[2]!.id, eb.id, 'apologies');
    const summary = await mergePeople(t.db, systemActor('test'), { keepPersonId: a.id, mergePersonId: b.id });
    expect(summary.enrolmentsCombined).toEqual([
      { kept: eb.id, removed: ea.id, marksMoved: 1, activityId: activity.id },
    ]);
    const rows = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity.id));
    expect(rows).toEqual([expect.objectContaining({ id: eb.id, personId: a.id })]);
    const marks = await t.db.select().from(attendanceMarks).where(eq(attendanceMarks.enrolmentId, eb.id));
    expect(marks).toHaveLength(3);
  });
});

describe('the duplicates page', () => {
  it('pairs the same email ignoring case and spaces, and the same name at the same school, then merges', async () => {
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const otherLeader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }]);
    const x = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      email: 'priya.shah@example.org',
      givenName: 'Priya',
      familyName: 'Shah',
    });
    const y = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      email: ' Priya.Shah@example.org ',
      givenName: 'P',
      familyName: 'Shah',
    });
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const m = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Tom',
      familyName: 'Okafor',
      schoolUrn: schoolA.urn,
    });
    const n = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'tom ',
      familyName: 'OKAFOR',
    });
    await enrol(t.db, { activityId: activity.id, personId: n.id, schoolUrn: schoolA.urn });
    // The same name at different schools is not a pair.
    await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Tom',
      familyName: 'Okafor',
      schoolUrn: schoolB.urn,
    });

    const client = await signedInClient(t.app, t.db, leader.id);
    const page = await client.get(paths.duplicates);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-testid="duplicate-${x.id}-${y.id}"`);
    expect(page.body).toContain('Same email address');
    expect(page.body).toContain(`data-testid="duplicate-${m.id}-${n.id}"`);
    expect(page.body).toContain(`Same name at ${schoolA.name}`);
    expect(page.body).toContain('data-testid="duplicates-count">2 pairs');
    const csv = await client.get(`${paths.duplicates}?format=csv`);
    expect(csv.body).toContain('priya.shah@example.org');

    // Another hub's leadership sees none of these, and may not merge them.
    const other = await signedInClient(t.app, t.db, otherLeader.id);
    expect((await other.get(paths.duplicates)).body).toContain('data-testid="no-duplicates"');
    // (Not people they can see: not found, as if they did not exist.)
    const refused = await other.submit(
      paths.mergePeople,
      { keepPersonId: String(m.id), mergePersonId: String(n.id), confirm: 'yes' },
      paths.admin.newPerson,
    );
    expect(refused.statusCode).toBe(404);
    const preview = `${paths.mergePeople}?keepPersonId=${m.id}&mergePersonId=${n.id}`;
    expect((await other.get(preview)).statusCode).toBe(404);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, n.id))).toHaveLength(1);

    // The page links to a confirmation listing what will move; its form merges.
    expect(page.body).toContain(`action="${paths.mergePeople}"`);
    const confirmation = await client.get(preview);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('data-testid="merge-enrolments"');
    const merged = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(m.id), mergePersonId: String(n.id), confirm: 'yes' },
      preview,
    );
    expect(merged.statusCode).toBe(303);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, m.id))).toHaveLength(1);
    const after = await client.get(paths.duplicates);
    expect(after.body).not.toContain(`duplicate-${m.id}-${n.id}`);
    expect(after.body).toContain('The records have been merged: 1 enrolment');

    const national = await signedInClient(t.app, t.db, admin.id);
    expect((await national.get(paths.duplicates)).body).toContain(`duplicate-${x.id}-${y.id}`);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    const analystClient = await signedInClient(t.app, t.db, analyst.id);
    expect((await analystClient.get(paths.duplicates)).statusCode).toBe(200);
    const participant = await signedInClient(t.app, t.db, x.id);
    expect((await participant.get(paths.duplicates)).statusCode).toBe(403);
  });
  it('pairs every two of a school-and-name group, by keys that follow each change to a name', async () => {
    const la = await makeLocalAuthority(t.db);
    const ownHub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const school = await makeSchool(t.db, { laCode: la.code });
    const role = [{ role: 'participant' as const, hubId: ownHub.id }];
    const a = await makePerson(t.db, role, { givenName: 'Ada', familyName: 'Brook', schoolUrn: school.urn });
    const b = await makePerson(t.db, role, {
      givenName: ' ADA',
      familyName: 'brook ',
      schoolUrn: school.urn,
    });
    const c = await makePerson(t.db, role, { givenName: 'ada', familyName: 'Brook' });
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: ownHub.id, ncpId: ncp.id });
    await enrol(t.db, { activityId: activity.id, personId: c.id, schoolUrn: school.urn });
    const d = await makePerson(t.db, role, { givenName: 'Ada', familyName: 'Stone', schoolUrn: school.urn });
    // Recorded at another school now, and enrolled from this one: at both.
    const otherSchool = await makeSchool(t.db, { laCode: la.code });
    const e = await makePerson(t.db, role, {
      givenName: 'Ada',
      familyName: 'Brook',
      schoolUrn: otherSchool.urn,
    });
    await enrol(t.db, { activityId: activity.id, personId: e.id, schoolUrn: school.urn });
    const scope: HubScope = { kind: 'hubs', hubIds: [ownHub.id] };
    const pairsOf = async () =>
      (await findDuplicates(t.db, scope, { page: 1, pageSize: null })).pairs.map(
        (p) => `${p.a.id}-${p.b.id}`,
      );
    const ids = (...xs: { id: number }[][]) => xs.map(([x, y]) => `${x!.id}-${y!.id}`).sort();
    expect((await pairsOf()).sort()).toEqual(ids([a, b], [a, c], [a, e], [b, c], [b, e], [c, e]));
    // A change of name is a change of key: Ada Stone becomes another Ada Brook of the school.
    await t.db.update(people).set({ familyName: 'BROOK' }).where(eq(people.id, d.id));
    expect((await pairsOf()).sort()).toEqual(
      ids([a, b], [a, c], [a, d], [a, e], [b, c], [b, d], [b, e], [c, d], [c, e], [d, e]),
    );
  });
});
