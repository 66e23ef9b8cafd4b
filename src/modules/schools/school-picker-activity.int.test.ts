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
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';

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

  it('refuses a school outside the hub’s area without a reason, and keeps the reason given with it', async () => {
    await makeLocalAuthority(t.db, { code: '381', name: 'Calderdale' });
    await makeLocalAuthority(t.db, { code: '382', name: 'Kirklees' });
    const hub = await makeHub(t.db, { name: 'Calder Maths Hub' }, [{ laCode: '381' }]);
    await makeHub(t.db, { name: 'Kirklees Maths Hub' }, [{ laCode: '382' }]);
    await makeSchool(t.db, { urn: 111001, laCode: '382', name: 'Birch Lane Primary School' });
    await makeSchool(t.db, { urn: 111002, laCode: '381', name: 'Ash Road Primary School' });
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const lead = await signedInClient(t.app, t.db, leader.id);
    const show = paths.activity.show(activity.id);
    const rowsOf = (urn: number) =>
      t.db
        .select()
        .from(activitySchools)
        .where(and(eq(activitySchools.activityId, activity.id), eq(activitySchools.schoolUrn, urn)));

    // Chosen on the search page: the warning and the reason's field are shown with it.
    const chosen = (await lead.get(`${show}?urn=111001`)).body;
    expect(chosen).toContain('This school is outside Calder Maths Hub’s area');
    expect(chosen).toContain('data-testid="out-of-area-reason"');
    // In the area: no reason asked.
    expect((await lead.get(`${show}?urn=111002`)).body).not.toContain('data-testid="out-of-area-reason"');

    // Typed without a reason (as without the search): refused, back with the school chosen and the error.
    const refused = await lead.submit(
      paths.activity.schools(activity.id),
      { action: 'add', urn: '111001', outOfAreaReason: '' },
      show,
    );
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(`${show}?urn=111001#schools`);
    const again = (await lead.get(`${show}?urn=111001`)).body;
    expect(again).toContain('govuk-error-summary');
    expect(again).toContain(
      'Birch Lane Primary School is outside the hub’s area: give the reason for adding it',
    );
    expect(again).toContain('href="#outOfAreaReason"');
    expect(again).toContain('value="111001"');
    expect(again).toContain('Birch Lane Primary School, Testington');
    expect(await rowsOf(111001)).toHaveLength(0);

    const added = await lead.submit(
      paths.activity.schools(activity.id),
      { action: 'add', urn: '111001', outOfAreaReason: 'Its maths lead leads our secondary network' },
      `${show}?urn=111001`,
    );
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(show);
    expect(await rowsOf(111001)).toMatchObject([
      { outOfAreaReason: 'Its maths lead leads our secondary network' },
    ]);
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'activity.school_added'), eq(eventLog.subjectId, String(activity.id))));
    expect(event).toMatchObject({
      reason: 'Its maths lead leads our secondary network',
      changes: { schoolUrn: 111001, outsideHubArea: true },
    });
    const page = (await lead.get(show)).body;
    expect(page).toContain('data-testid="out-of-area-reason-111001"');
    expect(page).toContain('Outside the hub’s area: Its maths lead leads our secondary network');

    // A school in the area needs no reason (and none is kept).
    await lead.submit(paths.activity.schools(activity.id), { action: 'add', urn: '111002' }, show);
    expect(await rowsOf(111002)).toMatchObject([{ outOfAreaReason: null }]);

    // The API: 422 without a reason, 201 with it.
    await makeSchool(t.db, { urn: 111003, laCode: '382', name: 'Cedar Lane Primary School' });
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: leader.id, name: 'hub' });
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: paths.api.activitySchools(activity.id),
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const noReason = await post({ urn: 111003 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Cedar Lane Primary School is outside the hub’s area');
    expect(await rowsOf(111003)).toHaveLength(0);
    const withReason = await post({ urn: 111003, outOfAreaReason: 'Joins with its federation' });
    expect(withReason.statusCode).toBe(201);
    expect(await rowsOf(111003)).toMatchObject([{ outOfAreaReason: 'Joins with its federation' }]);
  });
});
