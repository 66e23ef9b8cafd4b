import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { schoolLinks } from '../schools/schema.ts';
import { tfmFunnels } from './funnels.ts';

/**
 * A hub's Teaching for Mastery funnel reads the later sign-ups of its own schools only; they count
 * wherever they are: in another hub's activity, and under the URN a school had before it converted.
 */
describe('a hub’s Readiness → Development funnel', () => {
  let t: TestContext;
  let hubId = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const otherHub = await makeHub(t.db);
    hubId = hub.id;
    const converted = await makeSchool(t.db, { laCode: la.code, name: 'Quarry Primary Academy' });
    const before = await makeSchool(t.db, { laCode: la.code, name: 'Quarry Primary School', isOpen: false });
    const stayed = await makeSchool(t.db, { laCode: la.code, name: 'Rowan Primary School' });
    const apart = await makeSchool(t.db, { laCode: la.code, name: 'Spruce Primary School' });
    await t.db
      .insert(schoolLinks)
      .values([
        { urn: before.urn, linkedUrn: converted.urn, linkType: 'Successor', linkName: converted.name },
      ]);
    const readiness = await makeNcp(t.db, { title: 'Mastery Readiness', completesTfmStage: 'readiness' });
    const development = await makeNcp(t.db, {
      yearCode: '2024/25',
      title: 'Development Work Groups',
      completesTfmStage: 'development',
    });
    const first = await makeActivity(t.db, { hubId, ncpId: readiness.id, status: 'completed' });
    await addSchool(t.db, first.id, converted.urn, 'completed');
    await addSchool(t.db, first.id, stayed.urn, 'completed');
    // Another hub's Development Work Group the next year: the academy signed up under its old URN,
    // Rowan withdrew, and Spruce (which never did Readiness here) joined.
    const next = await makeActivity(t.db, { hubId: otherHub.id, ncpId: development.id, yearCode: '2024/25' });
    await addSchool(t.db, next.id, before.urn, 'registered');
    await addSchool(t.db, next.id, stayed.urn, 'withdrawn');
    await addSchool(t.db, next.id, apart.urn, 'registered');
  });
  afterAll(() => t?.close());

  it('counts a school that moved on in another hub, under its old URN; not one that withdrew', async () => {
    const row = expect.objectContaining({ yearCode: '2023/24', started: 2, movedOn: 1, percent: 50 });
    expect(await tfmFunnels(t.db, { hubId })).toEqual([row]);
    expect(await tfmFunnels(t.db, { hubId, yearCode: '2023/24' })).toEqual([row]);
    expect((await tfmFunnels(t.db, {})).filter((r) => r.hubId === hubId)).toEqual([row]);
  });
});
