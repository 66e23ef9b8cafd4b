import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools } from '../activities/schema.ts';

describe('adding a school to an activity with the school picker, without JavaScript', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finds the school by name, comes back with it chosen, warns when it is outside the hub’s area', async () => {
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    const hub = await makeHub(t.db, { name: 'Leeds Maths Hub' }, [{ laCode: '383' }]);
    await makeHub(t.db, { name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, { urn: 110001, laCode: '383', name: 'Elm Park Primary School' });
    await makeSchool(t.db, { urn: 110002, laCode: '380', name: 'Elm Bank Primary School' });
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const lead = await signedInClient(t.app, t.db, leader.id);
    const show = paths.activity.show(activity.id);

    const page = (await lead.get(show)).body;
    expect(page).toContain(`<form id="urn-search" method="get" action="${paths.schoolSearch}"`);
    expect(page).toContain(`name="returnTo" value="${show}"`);
    expect(page).toContain(`name="field" value="urn"`);
    expect(page).toContain(`name="hub" value="${hub.id}"`);

    const results = (
      await lead.get(`${paths.schoolSearch}?q=elm+prim&returnTo=${show}&field=urn&hub=${hub.id}`)
    ).body;
    expect(results).toContain(`href="${show}?urn=110001"`);
    expect(results).toContain('data-testid="outside-area-110002"');
    expect(results).not.toContain('data-testid="outside-area-110001"');

    const outside = (await lead.get(`${show}?urn=110002`)).body;
    expect(outside).toContain('Elm Bank Primary School, Testington');
    expect(outside).toContain(
      'This school is outside Leeds Maths Hub’s area (it is in Bradford Maths Hub’s area)',
    );
    const inside = (await lead.get(`${show}?urn=110001`)).body;
    expect(inside).toContain('value="110001"');
    expect(inside).not.toContain('outside-area-warning');

    const added = await lead.submit(
      paths.activity.schools(activity.id),
      { action: 'add', urn: '110001' },
      `${show}?urn=110001`,
    );
    expect(added.statusCode).toBe(303);
    const rows = await t.db
      .select()
      .from(activitySchools)
      .where(and(eq(activitySchools.activityId, activity.id), eq(activitySchools.schoolUrn, 110001)));
    expect(rows).toHaveLength(1);
  });
});
