import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../test/support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAdmin } from '../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../test/support/test-app.ts';
import { attendanceMarks, enrolments, hubActivities } from '../modules/activities/schema.ts';
import { hubAreas } from '../modules/hubs/schema.ts';
import { people } from '../modules/people/schema.ts';
import { schools } from '../modules/schools/schema.ts';
import { dataVersionsOf } from './data-versions.ts';
import { csrfPlaceholder } from './page-cache.ts';
import { paths } from './paths.ts';

/** The cells of the activity list's row for one activity. */
const cell = (body: string, activityTitle: string, testId: string) => {
  const row = body.split('<tr').find((r) => r.includes(activityTitle));
  return row ? new RegExp(`data-testid="${testId}">([^<]*)<`).exec(row)?.[1] : undefined;
};
const csrfTokens = (body: string) => [...body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

describe('kept pages and the versions of the records they show', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let admin: SignedIn;
  let activity: Awaited<ReturnType<typeof makeActivity>>;
  let otherActivity: Awaited<ReturnType<typeof makeActivity>>;
  let session: Awaited<ReturnType<typeof makeSession>>;
  let teacher: Awaited<ReturnType<typeof makePerson>>;
  let enrolmentId: number;
  const list = '/hub/activities?year=2023-24';

  const versions = (scope: Parameters<typeof dataVersionsOf>[1]) => dataVersionsOf(t.db, scope);

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    const school = await makeSchool(t.db, { laCode: '330', name: 'Hill Primary School' });
    const ncp = await makeNcp(t.db, { code: 'NCP23-09', title: 'TfM Development' });
    activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, title: 'Cached Work Group' });
    otherActivity = await makeActivity(t.db, { hubId: otherHub.id, ncpId: ncp.id, title: 'Elsewhere Group' });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Rosa',
      familyName: 'Lindqvist',
    });
    await addLead(t.db, activity.id, llme.id);
    teacher = await makePerson(t.db, [], { givenName: 'Tomas', familyName: 'Okafor', schoolUrn: school.urn });
    enrolmentId = (
      await enrol(t.db, { activityId: activity.id, personId: teacher.id, schoolUrn: school.urn })
    ).id;
    session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-10-10T15:30:00Z' });
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, otherHub.id);
    admin = await signInNationalAdmin(t.app, t.db);
  });
  afterAll(() => t.close());

  it('raises the versions of a changed record’s activity and hub at commit, and only theirs', async () => {
    /** Each scope's version now: national, both hubs, both activities. */
    const all = async () =>
      Object.fromEntries(
        (
          await Promise.all([
            versions({ hubIds: [hub.id, otherHub.id], activityId: activity.id }),
            versions({ activityId: otherActivity.id }),
          ])
        )
          .join(',')
          .split(',')
          .map((pair) => pair.split('=') as [string, string]),
      );
    const changed = (before: Record<string, string>, after: Record<string, string>) =>
      Object.keys(after)
        .filter((scope) => before[scope] !== after[scope])
        .sort();
    const ours = [`activity:${activity.id}`, `hub:${hub.id}`];

    const steps: [string, () => Promise<unknown>, string[]][] = [
      ['mark added', () => mark(t.db, session.id, enrolmentId, 'present'), ours],
      ['mark updated', () => t.db.update(attendanceMarks).set({ status: 'absent' }), ours],
      ['enrolment updated', () => t.db.update(enrolments).set({ roleInSchool: 'Maths lead' }), ours],
      [
        'activity renamed',
        () =>
          t.db
            .update(hubActivities)
            .set({ title: 'Cached Work Group' })
            .where(eq(hubActivities.id, activity.id)),
        ours,
      ],
      ['mark deleted', () => t.db.delete(attendanceMarks), ours],
      [
        'other activity renamed',
        () =>
          t.db
            .update(hubActivities)
            .set({ title: 'Elsewhere Group' })
            .where(eq(hubActivities.id, otherActivity.id)),
        [`activity:${otherActivity.id}`, `hub:${otherHub.id}`],
      ],
      // A person's or a school's change is a national one.
      [
        'person renamed',
        () => t.db.update(people).set({ givenName: 'Tomas' }).where(eq(people.id, teacher.id)),
        ['national'],
      ],
      ['school renamed', () => t.db.update(schools).set({ name: 'Hill Primary School' }), ['national']],
    ];
    for (const [what, change, expected] of steps) {
      const before = await all();
      await change();
      expect(changed(before, await all()), what).toEqual(expected.sort());
    }

    // A change rolled back raises nothing, and nothing is left pending after a commit.
    const settled = await all();
    await expect(
      t.db.transaction(async (tx) => {
        await tx.update(schools).set({ name: 'Hill Primary School' });
        await tx.insert(attendanceMarks).values({ sessionId: session.id, enrolmentId, status: 'present' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await all()).toEqual(settled);
    const pending = await t.db.execute(
      sql`SELECT (SELECT count(*) FROM data_version_bumps)::int + (SELECT count(*) FROM data_version_commits)::int AS n`,
    );
    expect(pending.rows[0]).toEqual({ n: 0 });

    // Several statements of one transaction give one new version per scope, seen only once committed.
    await t.db.transaction(async (tx) => {
      await tx.insert(attendanceMarks).values({ sessionId: session.id, enrolmentId, status: 'present' });
      await tx.update(attendanceMarks).set({ status: 'apologies' });
      expect(await all()).toEqual(settled);
    });
    expect(changed(settled, await all())).toEqual(ours.sort());
    // A hub by slug is the same version as by id.
    expect(await versions({ hubSlug: 'central' })).toBe(await versions({ hubIds: [hub.id] }));
  });

  it('keeps the activity list until one of its records changes', async () => {
    const first = await lead.client.get(list);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBe('miss');
    const second = await lead.client.get(list);
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.body.replace(/name="_csrf" value="[^"]+"/g, '')).toBe(
      first.body.replace(/name="_csrf" value="[^"]+"/g, ''),
    );
    expect(second.body).not.toContain(csrfPlaceholder);
    expect(cell(second.body, 'Cached Work Group', 'participants')).toBe('1');

    // Another hub's change leaves the page kept; a change to this hub's records is shown at once.
    await t.db
      .update(hubActivities)
      .set({ title: 'Elsewhere Group' })
      .where(eq(hubActivities.id, otherActivity.id));
    expect((await lead.client.get(list)).headers['x-page-cache']).toBe('hit');

    const newcomer = await makePerson(t.db, [], { givenName: 'Iris', familyName: 'Mbeki' });
    await enrol(t.db, { activityId: activity.id, personId: newcomer.id });
    const changed = await lead.client.get(list);
    expect(changed.headers['x-page-cache']).toBe('miss');
    expect(cell(changed.body, 'Cached Work Group', 'participants')).toBe('2');

    // A lead's new name (a national record) is shown at once too.
    const [llme] = await t.db
      .execute<{ person_id: number }>(
        sql`SELECT person_id FROM activity_leads WHERE activity_id = ${activity.id}`,
      )
      .then((r) => r.rows);
    await t.db.update(people).set({ familyName: 'Lindqvist-Hale' }).where(eq(people.id, llme!.person_id));
    const renamed = await lead.client.get(list);
    expect(renamed.headers['x-page-cache']).toBe('miss');
    expect(renamed.body).toContain('Rosa Lindqvist-Hale');
  });

  it('keeps pages per person and never serves one across hubs', async () => {
    await lead.client.get(list);
    // Another hub's lead sees their own hub's list, not the kept one.
    const theirs = await otherLead.client.get(list);
    expect(theirs.headers['x-page-cache']).toBe('miss');
    expect(theirs.body).toContain('Elsewhere Group');
    expect(theirs.body).not.toContain('Cached Work Group');
    // A register kept for this hub's lead is still not found for another hub's lead.
    const register = paths.activity.register(activity.id, session.id);
    expect((await lead.client.get(register)).statusCode).toBe(200);
    expect((await lead.client.get(register)).headers['x-page-cache']).toBe('hit');
    expect((await otherLead.client.get(register)).statusCode).toBe(404);
    // National staff choosing the hub get the same records on their own page.
    const national = await admin.client.get(`${list}&hub=central`);
    expect(national.headers['x-page-cache']).toBe('miss');
    expect(national.body).toContain('Cached Work Group');
  });

  it('shows a register as just marked, with the flash message once, and its form still posts', async () => {
    const register = paths.activity.register(activity.id, session.id);
    await lead.client.get(register);
    const kept = await lead.client.get(register);
    expect(kept.headers['x-page-cache']).toBe('hit');
    // Each response gets its own form token in place of the kept page's stand-in.
    const tokens = [...csrfTokens(kept.body), ...csrfTokens((await lead.client.get(register)).body)];
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(kept.body).not.toContain(csrfPlaceholder);
    // The kept page's form token is valid: the register posts from it.
    const token = csrfTokens(kept.body)[0]!;
    const enrolled = await t.db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(eq(enrolments.activityId, activity.id));
    const marks = Object.fromEntries(enrolled.map((e) => [`status-${e.id}`, 'absent']));
    const posted = await lead.client.post(register, { _csrf: token, ...marks });
    expect(posted.headers.location).toBe(paths.activity.show(activity.id));
    expect(posted.statusCode).toBe(303);
    // The page after the post carries a flash message: made afresh, not kept.
    const afterPost = await lead.client.get(paths.activity.show(activity.id));
    expect(afterPost.body).toContain('The register has been saved');
    const again = await lead.client.get(register);
    expect(again.headers['x-page-cache']).toBe('miss');
    expect(again.body).toMatch(
      new RegExp(`name="status-${enrolmentId}" type="radio" value="absent" checked`),
    );
    expect(again.body).not.toContain('The register has been saved');
  });

  it('keeps find-your-hub answers, page and JSON, until a school, area or hub changes', async () => {
    const page = '/find-your-hub?q=Hill';
    const api = '/api/v1/find-your-hub?q=Hill';
    const answer = async () => {
      const response = await t.app.inject({ method: 'GET', url: api });
      return { kept: response.headers['x-page-cache'], body: response.json() };
    };
    expect((await t.app.inject({ method: 'GET', url: page })).headers['x-page-cache']).toBe('miss');
    const kept = await t.app.inject({ method: 'GET', url: page });
    expect(kept.headers['x-page-cache']).toBe('hit');
    expect(kept.body).toContain('Hill Primary School');
    expect((await answer()).kept).toBe('miss');
    const again = await answer();
    expect(again.kept).toBe('hit');
    expect(again.body.results[0]).toMatchObject({ name: 'Hill Primary School', hubName: null });

    // The hub now serves the school's local authority: both answers say so at once.
    await t.db.insert(hubAreas).values({ hubId: hub.id, laCode: '330' });
    const served = await answer();
    expect(served.kept).toBe('miss');
    expect(served.body.results[0]).toMatchObject({
      name: 'Hill Primary School',
      hubName: 'Central Maths Hub',
    });
    await t.db.update(schools).set({ name: 'Hill Primary Academy' });
    const renamed = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=Hill' });
    expect(renamed.headers['x-page-cache']).toBe('miss');
    expect(renamed.body).toContain('Hill Primary Academy');
    expect(renamed.body).toContain('Central Maths Hub');
  });

  it('can be turned off', async () => {
    const off = await createTestApp({}, { PAGE_CACHE_MB: '0' });
    try {
      const h = await makeHub(off.db, { slug: 'solo', name: 'Solo Maths Hub' });
      const someone = await signInHubLead(off.app, off.db, h.id);
      await someone.client.get(list);
      expect((await someone.client.get(list)).headers['x-page-cache']).toBe('off');
      expect(off.app.pageCache.size).toBe(0);
    } finally {
      await off.close();
    }
  });
});
