import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { signInByCode } from '../../../test/support/auth-helpers.ts';
import type { TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { listDemoAccounts } from '../people/demo-accounts.ts';
import { yearGroups } from '../registration/rules.ts';

/**
 * The checks of the demonstration's HAPPI forms and records of visits (demo-evaluation.ts), run by
 * demo-today.int.test.ts on its demonstration loaded as of a December day of 2026/27 (one load for both): past years' forms mostly finished and their Work Groups' schools visited, today's year part-way
 * (plans written, submitted, returned and accepted; autumn progress updates; the first visits), every
 * row one the product could have written, and the evaluation pages of a hub lead and a Work Group Lead
 * showing them.
 */
export function demoEvaluationChecks(context: () => TestContext, today: string): void {
  const current = '2026/27';
  const rows = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await context().db.execute<T>(query)).rows;
  const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await rows<T>(query))[0]!;

  it('has today’s year’s HAPPI forms in every state of the autumn, past years’ mostly accepted', async () => {
    const states = await rows<{ year_code: string; state: string; n: number }>(sql`
      SELECT a.year_code, coalesce(f.section || '_' || f.status, 'not_started') AS state, count(*)::int AS n
      FROM hub_activities a LEFT JOIN happi_forms f ON f.activity_id = a.id
      GROUP BY 1, 2 ORDER BY 1, 2`);
    const count = (year: string, state: string) =>
      states.find((s) => s.year_code === year && s.state === state)?.n ?? 0;
    const total = (year: string) => states.filter((s) => s.year_code === year).reduce((n, s) => n + s.n, 0);
    for (const state of ['plan_draft', 'plan_submitted', 'plan_returned', 'impact_draft'])
      expect(count(current, state), state).toBeGreaterThan(20);
    // Nothing of the impact section is submitted before the summer.
    expect(count(current, 'impact_submitted') + count(current, 'impact_accepted')).toBe(0);
    for (const year of ['2023/24', '2024/25', '2025/26'])
      expect(count(year, 'impact_accepted') / total(year), year).toBeGreaterThan(0.8);

    // Activities under way (a session before today) mostly have a plan submitted or accepted; those not
    // yet started have none, or a draft.
    const byStart = await one<{
      under_way: number;
      submitted_or_accepted: number;
      later_beyond_draft: number;
    }>(sql`
      WITH a AS (
        SELECT a.id, f.section, f.status,
               EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id AND s.starts_at < ${today}::date) AS under_way
        FROM hub_activities a LEFT JOIN happi_forms f ON f.activity_id = a.id
        WHERE a.year_code = ${current} AND a.kind <> 'community')
      SELECT count(*) FILTER (WHERE under_way)::int AS under_way,
             count(*) FILTER (WHERE under_way AND (section = 'impact' OR status = 'submitted'))::int AS submitted_or_accepted,
             count(*) FILTER (WHERE NOT under_way AND section IS NOT NULL AND NOT (section = 'plan' AND status = 'draft')
                              AND id NOT IN (SELECT activity_id FROM ts_partnerships))::int AS later_beyond_draft
      FROM a`);
    expect(byStart.submitted_or_accepted / byStart.under_way).toBeGreaterThan(0.6);
    expect(byStart.later_beyond_draft).toBe(0);
  });

  it('keeps each form’s history, dates, timestamps and version as the product writes them', async () => {
    const problems = await one<{
      future: number;
      before_year: number;
      before_form: number;
      progress_now: number;
      returned_without_reason: number;
      unstamped: number;
      versions: number;
      not_leads: number;
      not_reviewers: number;
      form_states: number;
    }>(sql`
      WITH e AS (
        SELECT e.*, f.activity_id, f.hub_id, f.section AS form_section, f.status AS form_status, f.created_at AS form_created,
               a.year_code
        FROM happi_entries e JOIN happi_forms f ON f.id = e.form_id JOIN hub_activities a ON a.id = f.activity_id)
      SELECT
        (SELECT count(*) FROM e WHERE e.written_on > ${today}::date OR e.created_at > now())::int AS future,
        (SELECT count(*) FROM e WHERE e.written_on < make_date(left(e.year_code, 4)::int, 9, 1)
                                   OR e.written_on > make_date(left(e.year_code, 4)::int + 1, 8, 31))::int AS before_year,
        (SELECT count(*) FROM e WHERE e.created_at < e.form_created)::int AS before_form,
        (SELECT count(*) FROM e WHERE e.kind = 'progress' AND e.year_code = ${current} AND e.written_on < ${today}::date)::int AS progress_now,
        -- The last entry of a returned form is the return, with the hub's reason.
        (SELECT count(*) FROM happi_forms f WHERE f.status = 'returned' AND NOT EXISTS (
           SELECT 1 FROM happi_entries r WHERE r.form_id = f.id AND r.kind = 'returned' AND r.section = f.section
             AND length(r.text) > 20 AND r.created_at = (SELECT max(created_at) FROM happi_entries x
                                                          WHERE x.form_id = f.id AND x.kind <> 'progress')))::int AS returned_without_reason,
        -- Submission and review timestamps are those of the latest submission and review.
        (SELECT count(*) FROM happi_forms f WHERE
           f.plan_submitted_at IS DISTINCT FROM (SELECT max(created_at) FROM happi_entries x WHERE x.form_id = f.id AND x.kind = 'submitted' AND x.section = 'plan')
           OR f.impact_submitted_at IS DISTINCT FROM (SELECT max(created_at) FROM happi_entries x WHERE x.form_id = f.id AND x.kind = 'submitted' AND x.section = 'impact')
           OR f.reviewed_at IS DISTINCT FROM (SELECT max(created_at) FROM happi_entries x WHERE x.form_id = f.id AND x.kind IN ('returned', 'accepted'))
           OR f.updated_at < coalesce((SELECT max(created_at) FROM happi_entries x WHERE x.form_id = f.id), f.created_at)
           OR f.updated_at > now())::int AS unstamped,
        -- Each submission and review raised the version (a progress update does not).
        (SELECT count(*) FROM happi_forms f
         WHERE f.version < 1 + (SELECT count(*) FROM happi_entries x WHERE x.form_id = f.id AND x.kind <> 'progress'))::int AS versions,
        (SELECT count(*) FROM e WHERE e.kind IN ('progress', 'submitted')
           AND NOT EXISTS (SELECT 1 FROM activity_leads l WHERE l.activity_id = e.activity_id AND l.person_id = e.person_id))::int AS not_leads,
        (SELECT count(*) FROM e WHERE e.kind IN ('returned', 'accepted')
           AND NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = e.person_id AND r.role = 'hub_leadership'
                             AND r.hub_id = e.hub_id))::int AS not_reviewers,
        -- The form's state follows from its history: accepted plan → impact; the last review or submission.
        (SELECT count(*) FROM happi_forms f WHERE f.hub_id <> (SELECT hub_id FROM hub_activities a WHERE a.id = f.activity_id)
           OR f.year_code <> (SELECT year_code FROM hub_activities a WHERE a.id = f.activity_id)
           OR (f.section = 'impact') <> EXISTS (SELECT 1 FROM happi_entries x WHERE x.form_id = f.id AND x.kind = 'accepted' AND x.section = 'plan')
           OR (f.status = 'draft' AND f.section = 'plan' AND EXISTS (SELECT 1 FROM happi_entries x WHERE x.form_id = f.id AND x.kind <> 'progress'))
           OR jsonb_array_length(f.outcomes) = 0 OR cardinality(f.methods) = 0
           OR (f.section = 'impact' AND f.status IN ('submitted', 'accepted')
               AND EXISTS (SELECT 1 FROM jsonb_array_elements(f.outcomes) o WHERE o->>'evidence' = '')))::int AS form_states`);
    expect(problems).toMatchObject({
      future: 0,
      before_year: 0,
      before_form: 0,
      returned_without_reason: 0,
      unstamped: 0,
      versions: 0,
      not_leads: 0,
      not_reviewers: 0,
      form_states: 0,
    });
    // Some of today's year's forms have an autumn progress update already.
    expect(problems.progress_now).toBeGreaterThan(100);
  });

  it('records visits by the activity’s leads to its schools, on days up to today in its year', async () => {
    const byYear = await rows<{ year_code: string; visits: number; activities: number; actions: number }>(sql`
      SELECT a.year_code, count(*)::int AS visits, count(DISTINCT v.activity_id)::int AS activities,
             (SELECT count(*)::int FROM school_visit_actions x JOIN school_visits w ON w.id = x.visit_id
              JOIN hub_activities b ON b.id = w.activity_id WHERE b.year_code = a.year_code) AS actions
      FROM school_visits v JOIN hub_activities a ON a.id = v.activity_id GROUP BY 1 ORDER BY 1`);
    expect(byYear.map((r) => r.year_code)).toEqual(['2023/24', '2024/25', '2025/26', current]);
    const now = byYear.find((r) => r.year_code === current)!;
    expect(now.visits).toBeGreaterThan(200);
    expect(now.actions).toBeGreaterThan(50);
    // Past years more: most of their Work Groups recorded visits, some of today's year's so far.
    const visited = await rows<{ year_code: string; share: number }>(sql`
      SELECT a.year_code,
             avg((EXISTS (SELECT 1 FROM school_visits v WHERE v.activity_id = a.id))::int)::float AS share
      FROM hub_activities a
      WHERE a.kind = 'work_group'
        AND EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id AND s.starts_at < ${today}::date)
      GROUP BY 1 ORDER BY 1`);
    const share = (year: string) => visited.find((r) => r.year_code === year)!.share;
    expect(share(current)).toBeGreaterThan(0.2);
    for (const year of ['2023/24', '2024/25', '2025/26']) expect(share(year)).toBeGreaterThan(share(current));

    const problems = await one<Record<string, number>>(sql`
      SELECT
        (SELECT count(*) FROM school_visits v WHERE NOT EXISTS (SELECT 1 FROM activity_schools s
           WHERE s.activity_id = v.activity_id AND s.school_urn = v.school_urn AND s.status <> 'withdrawn'))::int AS not_its_school,
        (SELECT count(*) FROM school_visits v JOIN hub_activities a ON a.id = v.activity_id
         WHERE v.visited_on > ${today}::date OR v.created_at > now() OR v.created_at < v.visited_on::timestamptz - interval '1 day'
            OR v.visited_on < greatest(a.starts_on, make_date(left(a.year_code, 4)::int, 9, 1))
            OR v.visited_on > least(a.ends_on, make_date(left(a.year_code, 4)::int + 1, 8, 31))
            OR extract(isodow FROM v.visited_on) > 5 OR v.hub_id <> a.hub_id OR a.status = 'cancelled')::int AS wrong_day,
        (SELECT count(*) FROM school_visits v WHERE NOT EXISTS (SELECT 1 FROM school_visit_visitors w WHERE w.visit_id = v.id)
           OR v.recorded_by_person_id NOT IN (SELECT person_id FROM school_visit_visitors w WHERE w.visit_id = v.id)
           OR cardinality(v.year_groups) = 0 OR length(v.focus) = 0 OR length(v.focus) > 500)::int AS incomplete,
        (SELECT count(*) FROM school_visit_visitors w JOIN school_visits v ON v.id = w.visit_id WHERE NOT EXISTS (
           SELECT 1 FROM activity_leads l WHERE l.activity_id = v.activity_id AND l.person_id = w.person_id))::int AS not_leads,
        (SELECT count(*) FROM school_visits v, unnest(v.year_groups) g
         WHERE g <> ALL (${sql.param([...yearGroups])}::text[]))::int AS odd_year_groups,
        (SELECT count(*) FROM school_visit_actions x JOIN school_visits v ON v.id = x.visit_id
         WHERE (x.owner_person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM activity_leads l
                  WHERE l.activity_id = v.activity_id AND l.person_id = x.owner_person_id))
            OR x.due_on IS NULL OR x.due_on <= v.visited_on
            OR (x.status = 'done') <> (x.done_on IS NOT NULL)
            OR x.done_on > ${today}::date OR x.done_on <= v.visited_on)::int AS odd_actions,
        (SELECT count(*) FROM school_visit_actions x WHERE x.owner_person_id IS NOT NULL)::int AS owned_by_leads`);
    expect(problems).toMatchObject({
      not_its_school: 0,
      wrong_day: 0,
      incomplete: 0,
      not_leads: 0,
      odd_year_groups: 0,
      odd_actions: 0,
    });
    expect(problems.owned_by_leads).toBeGreaterThan(0);
  });

  it('shows them to the hub lead: the hub’s visits, the HAPPI forms to review, a form with its history', async () => {
    const { lead, hubId } = await accounts(context());
    const client = await signInByCode(context().app, context().db, lead);
    const visits = await client.get(`${paths.evaluation.visits.hub}?year=2026-27`);
    expect(visits.statusCode).toBe(200);
    expect(visits.body).not.toContain('data-testid="no-visits"');
    expect(visits.body).toMatch(/data-testid="visit-\d+"/);

    const list = await client.get(`${paths.evaluation.happi.list}?year=2026-27`);
    expect(list.statusCode).toBe(200);
    for (const state of ['Plan submitted for review', 'Impact draft'])
      expect(list.body).toContain(`data-testid="state">${state}<`);

    const form = await one<{ activity_id: number }>(sql`
      SELECT f.activity_id FROM happi_forms f
      WHERE f.hub_id = ${hubId} AND f.year_code = ${current} AND f.section = 'impact'
        AND EXISTS (SELECT 1 FROM happi_entries e WHERE e.form_id = f.id AND e.kind = 'progress')
      ORDER BY f.activity_id LIMIT 1`);
    const page = await client.get(paths.evaluation.happi.form(form.activity_id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="happi-state">Impact draft<');
    expect(page.body).not.toContain('data-testid="no-progress"');
    expect(page.body).toMatch(/data-testid="history"[\s\S]*Accepted/i);

    const waiting = await one<{ activity_id: number }>(sql`
      SELECT activity_id FROM happi_forms WHERE hub_id = ${hubId} AND status = 'submitted' ORDER BY activity_id LIMIT 1`);
    const review = await client.get(paths.evaluation.happi.form(waiting.activity_id));
    expect(review.body).toContain('data-testid="review-form"');
    const dashboard = await client.get(paths.dashboard);
    expect(dashboard.body).toMatch(/HAPPI forms? to review/);
  });

  it('shows a Work Group Lead their Work Group’s form, visits and coverage of year groups', async () => {
    const { workGroupLead } = await accounts(context());
    const activity = await one<{ id: number }>(sql`
      SELECT a.id FROM activity_leads l JOIN hub_activities a ON a.id = l.activity_id
      WHERE l.person_id = ${workGroupLead.personId} AND a.year_code = ${current} AND a.kind = 'work_group'
        AND a.status = 'running' ORDER BY a.id LIMIT 1`);
    const client = await signInByCode(context().app, context().db, workGroupLead.email);
    const form = await client.get(paths.evaluation.happi.form(activity.id));
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('data-testid="happi-state">Not started<');
    const visits = await client.get(paths.evaluation.visits.list(activity.id));
    expect(visits.statusCode).toBe(200);
    expect(visits.body).toMatch(/data-testid="visit-\d+"/);
    const coverage = await client.get(paths.evaluation.visits.coverage(activity.id));
    expect(coverage.statusCode).toBe(200);
    expect(coverage.body).toMatch(/data-testid="cell-(Reception|Year-\d+)">\d+</);
  });
}

async function accounts(t: TestContext) {
  const all = await listDemoAccounts(t.db);
  const lead = all.find((a) => a.title === 'Maths Hub Lead')!;
  return {
    lead: lead.email,
    hubId: lead.hubId!,
    workGroupLead: all.find((a) => a.title === 'Work Group Lead')!,
  };
}
