import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { ConflictError } from '../../platform/errors.ts';
import { silentProgress } from '../../platform/progress.ts';
import { listHubs } from '../hubs/list-hubs.ts';
import { listDemoAccounts } from '../people/demo-accounts.ts';
import { roles } from '../people/schema.ts';
import { searchSchools } from '../schools/search-schools.ts';
import { type DemoSummary, isEmpty, loadDemoData } from './load-demo.ts';

describe('loading the demonstration network into an empty database', () => {
  let t: TestContext;
  let summary: DemoSummary;
  let milliseconds: number;
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await t.db.execute<{ n: number }>(query)).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestApp();
    expect(await isEmpty(t.services)).toBe(true);
    const started = performance.now();
    // Pinned to a day when the demonstration's years are 2020/21 to 2023/24, 2023/24 complete.
    summary = await loadDemoData(t.services, silentProgress, { today: '2024-08-31' });
    milliseconds = performance.now() - started;
  });
  afterAll(() => t.close());

  it('loads the whole network, with four years of delivery, within a minute on a busy machine', () => {
    expect(milliseconds).toBeLessThan(60_000);
    expect(summary).toMatchObject({ localAuthorities: 153, hubs: 40, academicYears: 14 });
  });

  it('builds what the reports count once, at the end of the load, the same as computed afresh', async () => {
    const r = await t.db.execute<{ kept: number; fresh: number; differ: number; counted: number }>(sql`
      WITH fresh AS (SELECT * FROM reporting_participation_of(ARRAY(SELECT id FROM hub_activities)))
      SELECT (SELECT count(*) FROM reporting_participation)::int AS kept, (SELECT count(*) FROM fresh)::int AS fresh,
             ((SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM reporting_participation) x)
            + (SELECT count(*) FROM (SELECT * FROM reporting_participation EXCEPT ALL SELECT * FROM fresh) x))::int AS differ,
             (SELECT coalesce(sum(took_part), 0) FROM reporting_school_years)::int AS counted`);
    expect(r.rows[0]!.kept).toBeGreaterThan(10_000);
    expect(r.rows[0]).toMatchObject({ differ: 0, fresh: r.rows[0]!.kept });
    expect(r.rows[0]!.counted).toBeGreaterThan(0);
  });

  it('stores the authorities, hubs, academic years and register', async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM local_authorities`)).toBe(153);
    expect(await count(sql`SELECT count(*)::int AS n FROM hubs`)).toBe(40);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM academic_years WHERE code BETWEEN '2014/15' AND '2027/28'`,
      ),
    ).toBe(14);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM academic_years WHERE code = '2023/24' AND starts_on = '2023-09-01' AND ends_on = '2024-08-31'`,
      ),
    ).toBe(1);
    const openStateFunded = await count(
      sql`SELECT count(*)::int AS n FROM schools WHERE is_open AND is_state_funded AND source = 'demo'`,
    );
    expect(openStateFunded).toBe(summary.openStateFundedSchools);
    expect(openStateFunded).toBeGreaterThan(21_500);
    expect(await count(sql`SELECT count(*)::int AS n FROM schools`)).toBe(summary.schools);
    expect(await count(sql`SELECT count(*)::int AS n FROM school_links`)).toBe(summary.schoolLinks);
  });

  it('serves every open state-funded school by a hub, every hub serving hundreds', async () => {
    expect(
      await count(sql`SELECT count(*)::int AS n FROM local_authorities la
        WHERE (SELECT count(*) FROM hub_areas a WHERE a.la_code = la.code AND a.district_code IS NULL) <> 1`),
    ).toBe(0);
    const hubs = await listHubs(t.db);
    expect(hubs.reduce((n, h) => n + h.schoolCount, 0)).toBe(summary.openStateFundedSchools);
    for (const hub of hubs) expect(hub.schoolCount).toBeGreaterThan(250);
    expect(hubs.every((h) => h.leadSchoolName)).toBe(true);
    const emEast = hubs.find((h) => h.slug === 'east-midlands-east')!;
    expect(emEast.demonstrationAreaCount).toBe(emEast.areaCount);
  });

  it('finds a demonstration school and its hub in find your hub, by URN, name and postcode', async () => {
    const [school] = (
      await t.db.execute<{ urn: number; name: string; postcode: string }>(sql`
        SELECT urn, name, postcode FROM schools
        WHERE la_code = '891' AND district_code = 'E07000170' AND is_open AND is_state_funded ORDER BY urn LIMIT 1`)
    ).rows;
    const byUrn = await searchSchools(t.db, { query: String(school!.urn) });
    expect(byUrn.results[0]).toMatchObject({ name: school!.name, hubSlug: 'east-midlands-west' });
    const byName = await searchSchools(t.db, { query: school!.name, pageSize: 100 });
    expect(byName.results.map((r) => r.urn)).toContain(school!.urn);
    const byPostcode = await searchSchools(t.db, { query: school!.postcode, pageSize: 100 });
    expect(byPostcode.results.find((r) => r.urn === school!.urn)?.hubName).toBe(
      'East Midlands West Maths Hub',
    );
    const page = await t.app.inject({ method: 'GET', url: `/find-your-hub?q=${school!.urn}` });
    expect(page.body).toContain('East Midlands West Maths Hub');
  });

  it('creates synthetic people in every role, found as demo accounts', async () => {
    const accounts = await listDemoAccounts(t.db);
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(roles));
    const lead = accounts.find((a) => a.title === 'Maths Hub Lead');
    const hubs = await listHubs(t.db);
    expect(hubs.find((h) => h.id === lead!.hubId)!.slug).toBe('east-midlands-west');
    // The network's people, plus the teachers and LLMEs of the generated delivery (all synthetic).
    expect(
      await count(sql`SELECT count(*)::int AS n FROM people WHERE email NOT LIKE '%@demo.mathshubs.example'`),
    ).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM people`)).toBeGreaterThan(summary.people);
  });

  it('generates a year of delivery close to the annual report 2023/24', async () => {
    const engaged = await count(sql`SELECT count(DISTINCT e.school_urn)::int AS n FROM attendance_marks m
      JOIN enrolments e ON e.id = m.enrolment_id JOIN hub_activities a ON a.id = e.activity_id
      WHERE m.status = 'present' AND a.year_code = '2023/24'`);
    // 58% of state-funded schools engaged in 2023/24 (seed 001), within 5 points.
    expect(engaged / summary.openStateFundedSchools).toBeGreaterThan(0.53);
    expect(engaged / summary.openStateFundedSchools).toBeLessThan(0.63);
    const primaryTfm = await count(sql`SELECT count(DISTINCT s.school_urn)::int AS n FROM activity_schools s
      JOIN hub_activities a ON a.id = s.activity_id JOIN ncps n ON n.id = a.ncp_id
      WHERE a.year_code = '2023/24' AND n.code IN ('NCP23-08', 'NCP23-09', 'NCP23-10', 'NCP23-11')`);
    expect(Math.abs(primaryTfm - 7_576) / 7_576).toBeLessThan(0.1);
    expect(summary.delivery!.activities).toBeGreaterThan(4_000);
  });

  it('has three applications to the LLME development programmes per hub in today’s year, one at each step', async () => {
    const { rows } = await t.db.execute<{ status: string; n: number; hubs: number; year: string }>(
      sql`SELECT status, count(*)::int AS n, count(DISTINCT hub_id)::int AS hubs, min(year_code) AS year
        FROM programme_applications GROUP BY status ORDER BY status`,
    );
    expect(rows).toEqual([
      { status: 'awaiting_decision', n: 40, hubs: 40, year: '2023/24' },
      { status: 'awaiting_hub', n: 40, hubs: 40, year: '2023/24' },
      { status: 'enrolled', n: 40, hubs: 40, year: '2023/24' },
    ]);
  });

  it('gives every hub three LLME Community Leads and meetings with registers in today’s year', async () => {
    const { rows } = await t.db.execute<{ leads: number; hubs: number; meetings: number; present: number }>(
      sql`SELECT (SELECT count(*)::int FROM llme_community_leads WHERE year_code = '2023/24') AS leads,
        (SELECT count(DISTINCT hub_id)::int FROM llme_community_leads) AS hubs,
        (SELECT count(*)::int FROM llme_community_meetings WHERE year_code = '2023/24') AS meetings,
        (SELECT count(*)::int FROM llme_community_attendance) AS present`,
    );
    expect(rows[0]).toMatchObject({ leads: 120, hubs: 40, meetings: 80 });
    expect(rows[0]!.present).toBeGreaterThan(400);
  });

  it('opens every hub’s LLME community space with a conversation among its members', async () => {
    const { rows } = await t.db.execute<{
      threads: number;
      hubs: number;
      messages: number;
      outsiders: number;
    }>(
      sql`SELECT (SELECT count(*)::int FROM community_threads) AS threads,
        (SELECT count(DISTINCT s.ref_id)::int FROM community_spaces s WHERE s.kind = 'hub') AS hubs,
        (SELECT count(*)::int FROM community_messages WHERE published_at IS NOT NULL) AS messages,
        (SELECT count(*)::int FROM community_messages m JOIN community_threads th ON th.id = m.thread_id
           JOIN community_spaces s ON s.id = th.space_id
         WHERE m.author_person_id NOT IN (SELECT person_id FROM community_space_members(s.kind, s.ref_id))) AS outsiders`,
    );
    expect(rows[0]).toEqual({ threads: 40, hubs: 40, messages: 120, outsiders: 0 });
  });

  it('records one event for the load, besides those of loading the two shipped catalogues', async () => {
    const all = await t.db.select().from(eventLog);
    expect(all.filter((e) => e.action === 'demo.loaded')).toHaveLength(1);
    expect(all.find((e) => e.action === 'demo.loaded')).toMatchObject({
      actorLabel: 'demo',
      subjectType: 'demo',
    });
    expect(new Set(all.map((e) => e.action))).toEqual(
      new Set(['demo.loaded', 'ncp.added', 'catalogue.loaded']),
    );
  });

  it('refuses to load into a database that already holds a network', async () => {
    expect(await isEmpty(t.services)).toBe(false);
    await expect(loadDemoData(t.services, silentProgress)).rejects.toBeInstanceOf(ConflictError);
    expect(await count(sql`SELECT count(*)::int AS n FROM hubs`)).toBe(40);
  });
});
