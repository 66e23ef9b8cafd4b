import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { silentProgress } from '../../platform/progress.ts';
import { demoYears } from '../demo/demo-dates.ts';
import { SHOWCASE_HUB } from '../demo/demo-network.ts';
import { loadDemoData } from '../demo/load-demo.ts';
import { hubs } from '../hubs/schema.ts';
import { activityFacts } from './activity-facts.ts';
import { computeGrant, totalOf } from './compute-grant.ts';
import { listClaims } from './list-claims.ts';
import { nationalFunding } from './national-funding.ts';
import { rulesForYear } from './rules-for-year.ts';
import { syncStatement } from './sync-statement.ts';

/** The demonstration's statements: every demo year computable, for every hub, with a few claims. */
// Pinned to a day when the demonstration's years are 2020/21 to 2023/24, 2023/24 complete.
const TODAY = '2024-08-31';
const DEMO_FUNDING_YEARS = demoYears(TODAY).years;

describe('funding in the demonstration network', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoData(t.services, silentProgress, { today: TODAY });
  }, 120_000);
  afterAll(() => t.close());

  it('has grant rules for every NCP of 2019/20 and of each demo year', async () => {
    expect((await rulesForYear(t.db, '2019/20')).size).toBe(25);
    for (const year of DEMO_FUNDING_YEARS) {
      const rules = await rulesForYear(t.db, year);
      expect(rules.size, year).toBeGreaterThan(20);
    }
    // Copied forward by strand: Primary TfM Development keeps its £17,800 for seven schools.
    const tfm = (await rulesForYear(t.db, '2023/24')).get('NCP23-09')!;
    expect(tfm[0]).toMatchObject({ kind: 'variable_by_schools', basePence: 1_780_000, stepPence: 205_000 });
  });

  it('states a whole demo year for the showcase hub, every line traceable, equal to the records', async () => {
    const [hub] = await t.db.select().from(hubs).where(eq(hubs.slug, SHOWCASE_HUB));
    const statement = await syncStatement(t.db, hub!.id, '2023/24');
    expect(statement.lines.length).toBeGreaterThan(5);
    expect(statement.lines.every((l) => l.activityId !== null || l.claimId !== null)).toBe(true);
    const facts = await activityFacts(t.db, { yearCode: '2023/24', hubId: hub!.id });
    const computed = computeGrant(facts, await rulesForYear(t.db, '2023/24'), []);
    // The statement also holds the approved and paid demo claims (£700 + £86.40).
    expect(statement.totalPence).toBe(totalOf(computed.lines) + 70_000 + 8_640);
    const claims = await listClaims(t.db, { yearCode: '2023/24', hubId: hub!.id });
    expect(claims.map((c) => c.status).sort()).toEqual(['approved', 'paid', 'rejected', 'submitted']);
    const paid = claims.find((c) => c.status === 'paid')!;
    expect(paid).toMatchObject({ amountPence: 8_640 });
    expect(paid.paidAt).not.toBeNull();
    expect(claims.find((c) => c.status === 'rejected')!.reason).toBe('Accommodation is booked centrally');
  });

  it('totals every hub for each demo year', async () => {
    for (const year of DEMO_FUNDING_YEARS) {
      const national = await nationalFunding(t.db, year);
      expect(national.hubs).toHaveLength(40);
      expect(national.hubs.filter((h) => h.totalPence > 0).length, year).toBeGreaterThan(30);
      expect(national.totalPence).toBe(national.hubs.reduce((s, h) => s + h.totalPence, 0));
    }
  });
});
