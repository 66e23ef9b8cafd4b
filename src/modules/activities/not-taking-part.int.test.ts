import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { isEligible } from '../events/load-event.ts';
import { eventTargets } from '../events/schema.ts';
import { addActivitySchool, countActiveSchools } from './add-activity-school.ts';

// Deferred (to next year) and withdrawn schools and participants do not take part this year: they leave
// their place in the group free and are not among those an activity's events are for.
describe('schools and participants who deferred or withdrew do not take part', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '331', name: 'Coventry' });
    hub = await makeHub(t.db, { slug: 'deferrals', name: 'Deferrals Maths Hub' });
  });
  afterAll(() => t.close());

  it('a deferred school leaves its place in the group free', async () => {
    const ncp = await makeNcp(t.db, { rules: { groupSize: { min: 1, max: 2, unit: 'schools' } } });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const urns = [];
    for (let i = 0; i < 4; i++) urns.push((await makeSchool(t.db, { laCode: '331' })).urn);
    await addSchool(t.db, activity.id, urns[0]!, 'registered');
    await addSchool(t.db, activity.id, urns[1]!, 'deferred');
    await addSchool(t.db, activity.id, urns[2]!, 'withdrawn');
    expect(await countActiveSchools(t.db, activity.id)).toBe(1);
    const added = await addActivitySchool(t.db, systemActor(), { activityId: activity.id, urn: urns[3]! });
    expect(added.warning).toBeNull();
  });

  it('a deferred or withdrawn participant is not among those an activity’s event is for', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const event = await makeEvent(t.db, { hubId: hub.id, activityId: activity.id });
    await t.db.insert(eventTargets).values({ eventId: event.id, kind: 'activity', activityId: activity.id });
    const byStatus = {} as Record<string, boolean>;
    for (const status of ['registered', 'completed', 'deferred', 'withdrawn'] as const) {
      const person = await makePerson(t.db, [{ role: 'participant' }]);
      await enrol(t.db, { activityId: activity.id, personId: person.id, status });
      byStatus[status] = await isEligible(t.db, event.id, person.id);
    }
    expect(byStatus).toEqual({ registered: true, completed: true, deferred: false, withdrawn: false });
  });
});
