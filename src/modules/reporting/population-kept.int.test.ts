import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAcademicYear } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { annualFigures } from './annual-figures.ts';

/**
 * The engagement figure's denominator, kept by the register's writes (migration 0052): state-funded
 * schools open in each year, by hub and phase, counted once by current URN. Each kind of write that can
 * change it is made here, and the counts are checked against what the rule gives by hand.
 */
describe('the schools of each year, kept by the register’s writes', () => {
  let t: TestContext;
  let north: number;
  let south: number;
  const urns: Record<string, number> = {};

  /** `hub:phase` → schools, for one year (hub 0: in no hub's area). */
  const population = async (year: string) => {
    const r = await t.db.execute<{ hub_id: number; phase: string; schools: number }>(
      sql`SELECT hub_id, phase, schools FROM reporting_population WHERE year_code = ${year}`,
    );
    const byName = (id: number) => (id === north ? 'north' : id === south ? 'south' : id === 0 ? 'none' : id);
    return Object.fromEntries(r.rows.map((x) => [`${byName(x.hub_id)}:${x.phase}`, Number(x.schools)]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const y of ['2021/22', '2022/23', '2023/24', '2024/25']) await makeAcademicYear(t.db, y);
    await makeLocalAuthority(t.db, { code: '801' });
    await makeLocalAuthority(t.db, { code: '802' });
    // 801 is North's; in 802 South serves one district, and the rest of it no hub.
    north = (await makeHub(t.db, {}, [{ laCode: '801' }])).id;
    south = (
      await makeHub(t.db, {}, [{ laCode: '802', districtCode: 'E07000001', districtName: 'Eastdale' }])
    ).id;
    const school = async (name: string, values: Parameters<typeof makeSchool>[1]) => {
      urns[name] = (await makeSchool(t.db, values)).urn;
    };
    await school('open primary', { laCode: '801' });
    await school('secondary closed in 2022', {
      laCode: '801',
      phase: 'secondary',
      isOpen: false,
      closeDate: '2022-08-31',
    });
    await school('district primary', { laCode: '802', districtCode: 'E07000001' });
    await school('primary in no hub', { laCode: '802', districtCode: 'E07000002' });
    await school('independent', { laCode: '801', isStateFunded: false });
    await school('opens in 2024', { laCode: '801', openDate: '2024-09-01' });
    // An academy conversion: the old school in North closed in August 2023, its successor in South's
    // district opened the next day. One school a year, the successor's, in South throughout.
    await school('old', { laCode: '801', isOpen: false, closeDate: '2023-08-31' });
    await school('academy', { laCode: '802', districtCode: 'E07000001', openDate: '2023-09-01' });
    await t.db.execute(
      sql`INSERT INTO school_links (urn, linked_urn, link_type, link_name) VALUES (${urns.old}, ${urns.academy}, 'Successor', '')`,
    );
  });
  afterAll(() => t?.close());

  it('counts each year’s open state-funded schools by the hub of their area, a succession once', async () => {
    expect(await population('2021/22')).toEqual({
      'north:primary': 1,
      'north:secondary': 1,
      'south:primary': 2,
      'none:primary': 1,
    });
    expect(await population('2023/24')).toEqual({
      'north:primary': 1,
      'south:primary': 2,
      'none:primary': 1,
    });
    expect(await population('2024/25')).toEqual({
      'north:primary': 2,
      'south:primary': 2,
      'none:primary': 1,
    });
  });

  it('follows a school closed, a change of phase, a school added and removed', async () => {
    await t.db.execute(
      sql`UPDATE schools SET is_open = false, close_date = '2024-07-31' WHERE urn = ${urns['open primary']}`,
    );
    expect((await population('2024/25'))['north:primary']).toBe(1);
    expect((await population('2023/24'))['north:primary']).toBe(1);
    await t.db.execute(sql`UPDATE schools SET phase = 'secondary' WHERE urn = ${urns['primary in no hub']}`);
    expect(await population('2023/24')).toMatchObject({ 'none:secondary': 1 });
    expect(await population('2023/24')).not.toHaveProperty('none:primary');
    const added = await makeSchool(t.db, { laCode: '801', phase: 'post_16' });
    expect(await population('2022/23')).toMatchObject({ 'north:post_16': 1 });
    await t.db.execute(sql`DELETE FROM schools WHERE urn = ${added.urn}`);
    expect(await population('2022/23')).not.toHaveProperty('north:post_16');
  });

  it('follows the hubs’ areas and the successions', async () => {
    // South takes the rest of 802: its school in no hub moves to South.
    await t.db.execute(sql`INSERT INTO hub_areas (hub_id, la_code) VALUES (${south}, '802')`);
    expect(await population('2023/24')).toEqual({
      'north:primary': 1,
      'south:primary': 2,
      'south:secondary': 1,
    });
    // Without the link, the old school counts for itself in North until it closed, the academy from 2023.
    await t.db.execute(sql`DELETE FROM school_links WHERE urn = ${urns.old}`);
    expect(await population('2022/23')).toMatchObject({ 'north:primary': 2, 'south:primary': 1 });
    expect(await population('2023/24')).toMatchObject({ 'north:primary': 1, 'south:primary': 2 });
  });

  it('a new academic year is counted as soon as it is added', async () => {
    expect(await population('2025/26')).toEqual({});
    await makeAcademicYear(t.db, '2025/26');
    expect(await population('2025/26')).toMatchObject({ 'south:primary': 2 });
  });

  it('the reports read them: England’s and a hub’s denominators', async () => {
    const national = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24' });
    const hub = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24', hubId: south });
    const schoolsOf = (figures: typeof national, phase: string) =>
      figures.find((y) => y.yearCode === '2023/24')?.engagement.find((e) => e.phase === phase)?.schools;
    expect(schoolsOf(national, 'primary')).toBe(3);
    expect(schoolsOf(national, 'secondary')).toBe(1);
    expect(schoolsOf(hub, 'primary')).toBe(2);
  });
});
