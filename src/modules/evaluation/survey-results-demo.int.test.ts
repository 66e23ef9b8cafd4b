import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { silentProgress } from '../../platform/progress.ts';
import { loadDemoData } from '../demo/load-demo.ts';
import { beforeAfter } from './survey-results-before-after.ts';

/**
 * The demonstration's surveys: past years' early and summer windows answered, today's year part-way
 * (its early survey answered, its summer survey not yet open), completion varying by hub, and a
 * before/after worth looking at.
 */
describe('the demonstration network’s surveys', () => {
  let t: TestContext;
  const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await t.db.execute<T>(query)).rows;

  beforeAll(async () => {
    t = await createTestApp();
    // Today is in the autumn of 2025/26: its early window (October and November) has closed.
    await loadDemoData(t.services, silentProgress, { today: '2025-12-03' });
  }, 180_000);
  afterAll(() => t?.close());

  it('invites the participants of the seeded NCPs to each window opened, today’s summer window not yet', async () => {
    const byYear = await rows<{ year_code: string; kind: string; invited: number; answered: number }>(sql`
      SELECT year_code, kind, count(*)::int AS invited, count(submitted_at)::int AS answered
      FROM survey_invitations GROUP BY 1, 2 ORDER BY 1, 2`);
    const years = ['2023/24', '2024/25'];
    for (const year of years)
      for (const kind of ['participant_early', 'participant_summer'])
        expect(byYear.find((r) => r.year_code === year && r.kind === kind)?.answered).toBeGreaterThan(100);
    expect(
      byYear.find((r) => r.year_code === '2025/26' && r.kind === 'participant_early')?.answered,
    ).toBeGreaterThan(100);
    expect(byYear.find((r) => r.year_code === '2025/26' && r.kind === 'participant_summer')).toBeUndefined();
  });

  it('has 70% to 90% of invitations answered, varying by hub', async () => {
    const hubs = await rows<{ rate: number }>(sql`
      SELECT count(submitted_at)::float8 / count(*) AS rate FROM survey_invitations GROUP BY hub_id`);
    expect(hubs.length).toBe(40);
    const rates = hubs.map((h) => h.rate);
    expect(Math.min(...rates)).toBeGreaterThan(0.65);
    expect(Math.max(...rates)).toBeLessThan(0.95);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.08);
  });

  it('makes most participants more confident by the summer, some not', async () => {
    const all = await beforeAfter(t.db, {
      ncpKey: '09',
      yearCode: '2024/25',
      scope: { kind: 'all' },
      groupBy: 'hub',
    });
    const england = all.find((r) => r.key === null && r.groupId === null)!;
    expect(england.participants).toBeGreaterThan(500);
    expect(england.meanChange).toBeGreaterThan(0.4);
    expect(england.improvedShare).toBeGreaterThan(0.5);
    expect(england.improvedShare).toBeLessThan(0.9);
    expect(all.filter((r) => r.key === null && r.groupId !== null)).toHaveLength(40);
  });
});
