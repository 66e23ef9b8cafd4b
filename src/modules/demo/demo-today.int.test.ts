import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInByCode } from '../../../test/support/auth-helpers.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { silentProgress } from '../../platform/progress.ts';
import { listDemoAccounts } from '../people/demo-accounts.ts';
import { registerInterests } from '../registration/register-interests.ts';
import { demoEvaluationChecks } from './demo-evaluation.checks.ts';
import { type DemoSummary, loadDemoData } from './load-demo.ts';

/** The demonstration loaded as of a day: four years up to today's, today's part-way. */
async function loadAsOf(today: string) {
  const t = await createTestApp();
  const summary = await loadDemoData(t.services, silentProgress, { today });
  const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await t.db.execute<T>(query)).rows[0]!;
  return { t, summary, one };
}

/** What every day's demonstration must hold of its current year. */
async function checkPartWay(
  { summary, one }: Awaited<ReturnType<typeof loadAsOf>>,
  today: string,
  current: string,
) {
  expect(summary.years.at(-1)).toBe(current);
  const statuses = await one<{ running: number; planned: number; completed: number; before: number }>(sql`
    SELECT count(*) FILTER (WHERE status = 'running')::int AS running,
           count(*) FILTER (WHERE status = 'planned')::int AS planned,
           count(*) FILTER (WHERE status = 'completed')::int AS completed,
           (SELECT count(*)::int FROM hub_activities WHERE year_code < ${current} AND status <> 'completed') AS before
    FROM hub_activities WHERE year_code = ${current}`);
  expect(statuses.running).toBeGreaterThan(500);
  expect(statuses.planned).toBeGreaterThan(50);
  expect(statuses.before).toBe(0);
  // The front door: this year's SKTM cohorts not yet started take registrations from the offer page.
  const open = await one<{ open: number; elsewhere: number }>(sql`
    SELECT count(*) FILTER (WHERE a.year_code = ${current} AND a.kind = 'programme_cohort' AND a.status = 'planned'
                              AND n.strand LIKE 'sktm-%')::int AS open,
           count(*) FILTER (WHERE NOT (a.year_code = ${current} AND a.kind = 'programme_cohort' AND a.status = 'planned'
                              AND n.strand LIKE 'sktm-%'))::int AS elsewhere
    FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id WHERE a.open_for_direct_registration`);
  expect(open.open).toBeGreaterThan(0);
  expect(open.elsewhere).toBe(0);
  const marks = await one<{
    past: number;
    future: number;
    running_past_sessions: number;
    planned_marked: number;
  }>(sql`
    SELECT count(*) FILTER (WHERE s.starts_at < ${today}::date)::int AS past,
           count(*) FILTER (WHERE s.starts_at >= ${today}::date)::int AS future,
           count(*) FILTER (WHERE a.status = 'running' AND s.starts_at < ${today}::date)::int AS running_past_sessions,
           count(*) FILTER (WHERE a.status = 'planned')::int AS planned_marked
    FROM attendance_marks m JOIN activity_sessions s ON s.id = m.session_id JOIN hub_activities a ON a.id = s.activity_id
    WHERE a.year_code = ${current}`);
  expect(marks.past).toBeGreaterThan(1000);
  expect(marks.running_past_sessions).toBeGreaterThan(1000);
  expect(marks.future).toBe(0);
  expect(marks.planned_marked).toBe(0);
  const later = await one<{ future_sessions: number; completed_early: number; enrolments_early: number }>(sql`
    SELECT (SELECT count(*)::int FROM activity_sessions s JOIN hub_activities a ON a.id = s.activity_id
            WHERE a.year_code = ${current} AND s.starts_at >= ${today}::date) AS future_sessions,
           (SELECT count(*)::int FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id
            WHERE a.year_code = ${current} AND a.status <> 'completed' AND (x.status = 'completed' OR x.completed_on IS NOT NULL)) AS completed_early,
           (SELECT count(*)::int FROM enrolments x JOIN hub_activities a ON a.id = x.activity_id
            WHERE a.year_code = ${current} AND a.status <> 'completed' AND (x.status = 'completed' OR x.completed_on IS NOT NULL)) AS enrolments_early`);
  expect(later.future_sessions).toBeGreaterThan(1000);
  expect(later.completed_early).toBe(0);
  expect(later.enrolments_early).toBe(0);
  const events = await one<{ past: number; upcoming: number; attended: number; current_ncp: number }>(sql`
    SELECT count(*) FILTER (WHERE e.starts_at < ${today}::date)::int AS past,
           count(*) FILTER (WHERE e.starts_at > ${today}::date + 1)::int AS upcoming,
           (SELECT count(*)::int FROM event_places WHERE status = 'attended') AS attended,
           count(*) FILTER (WHERE n.year_code = ${current})::int AS current_ncp
    FROM programme_events e LEFT JOIN ncps n ON n.id = e.ncp_id`);
  expect(events.past).toBeGreaterThan(0);
  expect(events.upcoming).toBeGreaterThan(0);
  expect(events.attended).toBeGreaterThan(0);
  expect(events.current_ncp).toBe(3);
}

describe('the demonstration reaches today: 2 December 2026', () => {
  let loaded: Awaited<ReturnType<typeof loadAsOf>>;
  let summary: DemoSummary;
  const today = '2026-12-02';

  beforeAll(async () => {
    loaded = await loadAsOf(today);
    summary = loaded.summary;
  }, 300_000);
  afterAll(() => loaded.t.close());

  it('runs its delivery over the four academic years up to today’s, and records them', async () => {
    expect(summary.years).toEqual(['2023/24', '2024/25', '2025/26', '2026/27']);
    expect(summary).toMatchObject({
      today,
      demonstrationCatalogues: ['2024/25', '2025/26', '2026/27'],
    });
    const { rows } = await loaded.t.db.execute<{ year_code: string }>(
      sql`SELECT DISTINCT year_code FROM hub_activities ORDER BY 1`,
    );
    expect(rows.map((r) => r.year_code)).toEqual(summary.years);
  });

  it('has today’s year part-way: running activities with past registers only, planned ones, events either side', async () => {
    await checkPartWay(loaded, today, '2026/27');
  });

  it('carries the 2023/24 catalogue forward with each year’s codes, labelled as demonstration data', async () => {
    const { one, t } = loaded;
    const ncps = await one<{ n: number; codes: number; next: string; template: number }>(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE code LIKE 'NCP26-%')::int AS codes,
             max(next_ncp_code) FILTER (WHERE next_ncp_code LIKE 'NCP%') AS next,
             (SELECT count(*)::int FROM ncps WHERE year_code = '2023/24' AND code LIKE 'NCP23-%') AS template
      FROM ncps WHERE year_code = '2026/27'`);
    // Every NCP of 2023/24 with its 2026/27 code, and the year's RIWG project.
    expect(ncps.codes).toBe(ncps.template);
    expect(ncps.n).toBe(ncps.template + 1);
    expect(ncps.next).toMatch(/^NCP27-/);
    const { lead } = await accounts(t);
    const client = await signInByCode(t.app, t.db, lead);
    const page = await client.get(paths.catalogue.year('2026-27'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="demonstration-catalogue"');
    expect(page.body).toContain('the 2023/24 catalogue carried forward with this year’s codes');
    const shipped = await client.get(paths.catalogue.year('2023-24'));
    expect(shipped.body).not.toContain('data-testid="demonstration-catalogue"');
    const years = await client.get(paths.catalogue.years);
    expect(years.body.match(/data-testid="demonstration-tag"/g)).toHaveLength(3);
  });

  it('opens the hub’s activities and dashboard on 2026/27 with data', async () => {
    const { t } = loaded;
    const { lead } = await accounts(t);
    const client = await signInByCode(t.app, t.db, lead);
    const activities = await client.get(`${paths.myHub.activities}?year=2026-27`);
    expect(activities.statusCode).toBe(200);
    expect(activities.body).toContain('Activities in 2026/27');
    expect(activities.body).not.toContain('data-testid="no-activities"');
    expect(activities.body).toContain('>Running</strong>');
    const planned = await client.get(`${paths.myHub.activities}?year=2026-27&status=planned`);
    expect(planned.body).toContain('>Planned</strong>');
    expect(planned.body).not.toContain('data-testid="no-activities"');
    const dashboard = await client.get(paths.reports.hubDashboard);
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('2026/27');
    const engaged = /data-testid="figure-schools_engaged"[\s\S]*?data-testid="hub-value">([\d,]+)/.exec(
      dashboard.body,
    );
    expect(Number(engaged![1]!.replace(/,/g, ''))).toBeGreaterThan(0);
  });

  // The HAPPI forms and visits to schools (demo-evaluation.ts), on the same load.
  demoEvaluationChecks(() => loaded.t, today);

  it('leaves each hub interest to register or decline, in activities not yet started and in an NCP', async () => {
    const { one, t } = loaded;
    const counts = await one<{
      open: number;
      hubs: number;
      in_activities: number;
      in_ncps: number;
      wrong: number;
    }>(sql`
      SELECT count(*)::int AS open, count(DISTINCT i.hub_id)::int AS hubs,
             count(*) FILTER (WHERE i.activity_id IS NOT NULL)::int AS in_activities,
             count(*) FILTER (WHERE i.activity_id IS NULL AND i.ncp_id IS NOT NULL)::int AS in_ncps,
             count(*) FILTER (WHERE a.id IS NOT NULL AND (a.status <> 'planned' OR a.year_code <> '2026/27' OR a.hub_id <> i.hub_id
                   OR EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = a.id AND e.person_id = i.person_id))
                   OR i.created_at > '2026-12-03')::int AS wrong
      FROM interests i LEFT JOIN hub_activities a ON a.id = i.activity_id WHERE i.status = 'open'`);
    expect(counts).toEqual({ open: 120, hubs: 40, in_activities: 80, in_ncps: 40, wrong: 0 });
    // The hub can register every one, as its team would from the page (each in a transaction undone after).
    const { rows: asked } = await t.db.execute<{
      id: number;
      hub_id: number;
      activity_id: number | null;
      ncp_id: number;
    }>(sql`
      SELECT i.id, i.hub_id, i.activity_id, i.ncp_id FROM interests i WHERE i.status = 'open' ORDER BY i.id`);
    const undone = new Error('undone');
    for (const one of asked) {
      const chosen =
        one.activity_id ??
        (
          await t.db.execute<{ id: number }>(sql`
            SELECT a.id FROM hub_activities a WHERE a.hub_id = ${one.hub_id} AND a.ncp_id = ${one.ncp_id}
              AND a.status = 'planned' AND EXISTS (SELECT 1 FROM activity_schools x JOIN interests i ON i.school_urn = x.school_urn
                WHERE i.id = ${one.id} AND x.activity_id = a.id AND x.status <> 'withdrawn')
            ORDER BY a.id LIMIT 1`)
        ).rows[0]!.id;
      const outcome = await t.db
        .transaction(async (tx) => {
          await registerInterests(
            tx,
            systemActor('test'),
            { hubId: one.hub_id, interestIds: [one.id], activityId: one.activity_id ? null : chosen },
            { mailer: t.services.mailer },
          );
          throw undone;
        })
        .catch((error: unknown) => error);
      expect(outcome, `interest ${one.id}`).toBe(undone);
    }
    const { lead } = await accounts(t);
    const client = await signInByCode(t.app, t.db, lead);
    const page = await client.get(paths.myHub.interest);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Our head has agreed release time for the sessions.');
    expect(page.body.match(/data-testid="decline-\d+"/g)).toHaveLength(3);
  });

  it('keeps a shared page in every hub’s LLME community space, written by one member and edited by another', async () => {
    const { one, t } = loaded;
    const pages = await one<{ pages: number; spaces: number; outsiders: number; two: number }>(sql`
      SELECT count(*)::int AS pages, count(DISTINCT p.owner_id)::int AS spaces,
             (SELECT count(*)::int FROM shared_page_revisions r JOIN shared_pages p2 ON p2.id = r.page_id
              JOIN community_spaces s ON s.id = p2.owner_id::int
              WHERE r.edited_by_person_id NOT IN (SELECT person_id FROM community_space_members(s.kind, s.ref_id))) AS outsiders,
             count(*) FILTER (WHERE p.version = 2 AND (SELECT count(DISTINCT edited_by_person_id) FROM shared_page_revisions r
                                                        WHERE r.page_id = p.id) = 2)::int AS two
      FROM shared_pages p WHERE p.owner_kind = 'community_space'`);
    expect(pages).toEqual({ pages: 40, spaces: 40, outsiders: 0, two: 40 });
    // A member finds it from the space's shared pages, with its history.
    const { rows } = await t.db.execute<{ email: string; space: string; page: number }>(sql`
      SELECT pe.email, 'hub-' || s.ref_id AS space, p.id AS page FROM shared_pages p
      JOIN community_spaces s ON s.id = p.owner_id::int
      JOIN people pe ON pe.id = p.created_by_person_id ORDER BY p.id LIMIT 1`);
    const member = await signInByCode(t.app, t.db, rows[0]!.email);
    const list = await member.get(paths.communities.pages(rows[0]!.space));
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Our agreed approaches to lesson study');
    const shown = await member.get(paths.communities.page(rows[0]!.space, rows[0]!.page));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('release time is booked before the half term starts');
  });
});

describe('the demonstration reaches today: 15 March 2027 (not fixed years)', () => {
  let loaded: Awaited<ReturnType<typeof loadAsOf>>;
  const today = '2027-03-15';

  beforeAll(async () => {
    loaded = await loadAsOf(today);
  }, 300_000);
  afterAll(() => loaded.t.close());

  it('has 2026/27 part-way as of that day, further on than in December', async () => {
    expect(loaded.summary.years).toEqual(['2023/24', '2024/25', '2025/26', '2026/27']);
    await checkPartWay(loaded, today, '2026/27');
  });
});

async function accounts(t: TestContext) {
  const all = await listDemoAccounts(t.db);
  return { lead: all.find((a) => a.title === 'Maths Hub Lead')!.email };
}
