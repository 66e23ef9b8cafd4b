import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { hubAreaSchools } from '../journeys/hub-area-schools.ts';
import { hubForSchoolSql, schoolsOfEveryHubSql, schoolsOfHubSql } from './search-schools.ts';

// The hub's schools as a set (`schoolsOfHubSql`, the report's and dashboard's fast path) must be the
// schools whose hub is that hub by the one rule (`hubForSchoolSql`), for whole and split authorities.
describe('the schools a hub serves', () => {
  let t: TestContext;
  const hubs: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '891', name: 'Nottinghamshire' });
    await makeLocalAuthority(t.db, { code: '892', name: 'Nottingham' });
    hubs.leeds = (
      await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [{ laCode: '383' }])
    ).id;
    // A county split by district: Ashfield to one hub (with the city), the rest of the county to another.
    hubs.west = (
      await makeHub(t.db, { slug: 'em-west', name: 'East Midlands West Maths Hub' }, [
        { laCode: '891', districtCode: 'E07000170', districtName: 'Ashfield' },
        { laCode: '892' },
      ])
    ).id;
    hubs.east = (
      await makeHub(t.db, { slug: 'em-east', name: 'East Midlands East Maths Hub' }, [{ laCode: '891' }])
    ).id;
    const schools: [number, string, string | null][] = [
      [107000, '383', null],
      [107001, '383', 'E08000035'],
      [122000, '891', 'E07000170'],
      [122001, '891', 'E07000175'],
      [122002, '891', null],
      [122003, '892', 'E06000018'],
    ];
    for (const [urn, laCode, districtCode] of schools)
      await makeSchool(t.db, {
        urn,
        laCode,
        name: `School ${urn}`,
        districtCode,
        districtName: districtCode,
      });
  });
  afterAll(() => t.close());

  it('are the schools the one rule gives the hub, district areas first', async () => {
    for (const hubId of Object.values(hubs)) {
      const fast = await t.db.execute<{ urn: number }>(sql`${schoolsOfHubSql(hubId)} ORDER BY 1`);
      const byRule = await t.db.execute<{ urn: number }>(sql`
        SELECT s.urn FROM schools s
        WHERE ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })} = ${hubId}
        ORDER BY 1`);
      expect(fast.rows.map((r) => r.urn)).toEqual(byRule.rows.map((r) => r.urn));
    }
    const west = await t.db.execute<{ urn: number }>(sql`${schoolsOfHubSql(hubs.west!)} ORDER BY 1`);
    expect(west.rows.map((r) => r.urn)).toEqual([122000, 122003]);
    const east = await t.db.execute<{ urn: number }>(sql`${schoolsOfHubSql(hubs.east!)} ORDER BY 1`);
    expect(east.rows.map((r) => r.urn)).toEqual([122001, 122002]);
  });

  it('are the schools of the hub’s school list (open and state-funded), split authorities too', async () => {
    const urnsOf = async (hubId: number) => (await hubAreaSchools(t.db, hubId)).map((s) => s.urn).sort();
    expect(await urnsOf(hubs.west!)).toEqual([122000, 122003]);
    expect(await urnsOf(hubs.east!)).toEqual([122001, 122002]);
    expect(await urnsOf(hubs.leeds!)).toEqual([107000, 107001]);
  });

  it('are, for every hub at once, each school once with the hub the one rule gives it', async () => {
    const all = await t.db.execute<{ hub_id: number; urn: number }>(
      sql`SELECT hub_id, urn FROM (${schoolsOfEveryHubSql()}) x ORDER BY urn`,
    );
    const byRule = await t.db.execute<{ hub_id: number; urn: number }>(sql`
      SELECT ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })} AS hub_id, s.urn
      FROM schools s ORDER BY s.urn`);
    expect(all.rows).toEqual(byRule.rows.filter((r) => r.hub_id !== null));
    expect(all.rows.map((r) => [r.urn, r.hub_id])).toEqual([
      [107000, hubs.leeds],
      [107001, hubs.leeds],
      [122000, hubs.west],
      [122001, hubs.east],
      [122002, hubs.east],
      [122003, hubs.west],
    ]);
  });
});
