import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity } from '../../../test/support/delivery-factories.ts';
import { makeHub } from '../../../test/support/factories.ts';
import { eventsAbout } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { ncps } from '../catalogue/schema.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { loadGrantRules } from './load-grant-rules.ts';
import { recordHubRole } from './record-hub-role.ts';
import { activityFundingRoles } from './schema.ts';
import { shippedRules } from './shipped-rules.ts';
import { syncStatement } from './sync-statement.ts';

const year = '2019/20';
const actor = systemActor('national team');

describe('recording a hub’s role for an activity paid by role (the China exchange)', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let exchangeId: number;
  const rolesOf = (activityId: number) =>
    t.db.select().from(activityFundingRoles).where(eq(activityFundingRoles.activityId, activityId));
  const exchangeLines = async () =>
    (await syncStatement(t.db, hub.id, year)).lines
      .filter((l) => l.activityId === exchangeId)
      .map((l) => ({ rule: l.explanation, amountPence: l.amountPence, isAdjustment: l.isAdjustment }));

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue(year));
    await loadGrantRules(t.db, systemActor('test'), shippedRules(year));
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    const [exchange] = await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, year), eq(ncps.code, 'NCP 19-02')));
    exchangeId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: exchange!.id,
        yearCode: year,
        kind: 'programme_cohort',
        title: 'Shanghai exchange',
      })
    ).id;
  });
  afterAll(() => t.close());

  it('records the role with an event on the hub, and the hub’s statement states the grant for it', async () => {
    expect(await exchangeLines()).toEqual([]);
    const recorded = await recordHubRole(t.db, actor, {
      activityId: exchangeId,
      role: 'secondary_non_hosting',
    });
    expect(recorded).toEqual({ activityId: exchangeId, title: 'Shanghai exchange', hubId: hub.id });
    expect(await rolesOf(exchangeId)).toMatchObject([{ role: 'secondary_non_hosting' }]);
    const [event] = await eventsAbout(t.db, 'hub_activity', exchangeId);
    expect(event).toMatchObject({
      action: 'funding.role_recorded',
      hubId: hub.id,
      actorLabel: actor.label,
      changes: { role: 'secondary_non_hosting' },
    });
    expect((await exchangeLines()).map((l) => l.amountPence)).toEqual([330_000]);
  });

  it('a second role replaces the first: one role per activity, and the statement follows', async () => {
    await recordHubRole(t.db, actor, { activityId: exchangeId, role: 'secondary_hosting' });
    expect((await rolesOf(exchangeId)).map((r) => r.role)).toEqual(['secondary_hosting']);
    expect((await exchangeLines()).reduce((n, l) => n + l.amountPence, 0)).toBe(600_000);
    expect((await eventsAbout(t.db, 'hub_activity', exchangeId)).map((e) => e.changes)).toEqual([
      { role: 'secondary_hosting' },
      { role: 'secondary_non_hosting' },
    ]);
  });

  it('refuses a malformed role or activity id on the role field, writing nothing', async () => {
    const before = (await eventsAbout(t.db, 'hub_activity', exchangeId)).length;
    for (const input of [
      { activityId: exchangeId, role: '' },
      { activityId: exchangeId, role: 'Secondary Hosting' },
      { activityId: exchangeId, role: 'x'.repeat(51) },
      { activityId: 0, role: 'primary' },
      { activityId: Number.NaN, role: 'primary' },
    ]) {
      const refused = await recordHubRole(t.db, actor, input).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).errors).toEqual([
        { field: 'role', message: 'Choose the hub’s role' },
      ]);
    }
    expect((await rolesOf(exchangeId)).map((r) => r.role)).toEqual(['secondary_hosting']);
    expect(await eventsAbout(t.db, 'hub_activity', exchangeId)).toHaveLength(before);
  });

  it('an activity that does not exist is not found', async () => {
    await expect(recordHubRole(t.db, actor, { activityId: 2_000_000_000, role: 'primary' })).rejects.toThrow(
      NotFoundError,
    );
    expect(await rolesOf(2_000_000_000)).toEqual([]);
  });

  it('refuses a role the NCP does not pay for, and an NCP that does not pay by role, saying which roles there are', async () => {
    const refused = await recordHubRole(t.db, actor, { activityId: exchangeId, role: 'secondary' }).catch(
      (e: unknown) => e,
    );
    expect((refused as ValidationError).errors).toEqual([
      {
        field: 'role',
        message:
          'secondary is not a role of NCP 19-02: choose primary, secondary_hosting, secondary_non_hosting',
      },
    ]);
    const [workGroupNcp] = await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, year), eq(ncps.code, 'NCP 19-12')));
    const workGroup = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: workGroupNcp!.id,
      yearCode: year,
      title: 'Not an exchange',
    });
    const none = await recordHubRole(t.db, actor, {
      activityId: workGroup.id,
      role: 'secondary_hosting',
    }).catch((e: unknown) => e);
    expect((none as ValidationError).errors[0]!.message).toBe(
      'NCP 19-12 does not pay by the hub’s role in 2019/20, so “Not an exchange” has no role to record',
    );
    expect(await rolesOf(workGroup.id)).toEqual([]);
    expect((await rolesOf(exchangeId)).map((r) => r.role)).toEqual(['secondary_hosting']);
  });
});
