import type pg from 'pg';
import type { DemoYears } from './demo-delivery.ts';

/**
 * The demonstration's applications to the LLME development programmes (issue 16), in today's academic
 * year, three per hub so that every hub's page and the national list have some at each step: an LLME's
 * PD Lead application waiting for the hub, a participant's primary Mastery Specialist application the hub
 * sponsored (waiting for the national team), and another LLME's School Development Lead application
 * accepted onto cohort 5. Chosen by id, so the same data gives the same applications; one statement.
 */
export async function loadDemoApplications(client: pg.PoolClient, when: DemoYears): Promise<number> {
  const yearCode = when.years[3];
  const { rowCount } = await client.query(
    `WITH hub_people AS (
       SELECT r.hub_id, r.person_id, r.role,
              row_number() OVER (PARTITION BY r.hub_id, r.role ORDER BY r.person_id) AS n
       FROM (SELECT DISTINCT hub_id, person_id, role FROM role_assignments
             WHERE role IN ('llme', 'participant') AND hub_id IS NOT NULL AND ends_on IS NULL) r
     ),
     leaders AS (
       SELECT hub_id, min(person_id) AS person_id FROM role_assignments
       WHERE role = 'hub_leadership' AND hub_id IS NOT NULL GROUP BY hub_id
     ),
     national AS (SELECT min(person_id) AS person_id FROM role_assignments WHERE role = 'national_admin'),
     chosen AS (
       SELECT hub_id, person_id, 'pd_lead' AS programme, 'awaiting_hub' AS status, 12 AS days_ago,
              'I have led our Work Group for two years and want to lead professional development for teachers across the hub.' AS statement
       FROM hub_people WHERE role = 'llme' AND n = 1
       UNION ALL
       SELECT hub_id, person_id, 'mastery_specialist', 'awaiting_decision', 40,
              'Our school has embedded teaching for mastery and I would like to support other schools.'
       FROM hub_people WHERE role = 'participant' AND n = 1
       UNION ALL
       SELECT hub_id, person_id, 'school_development_lead', 'enrolled', 80,
              'I support schools in our trust with their maths improvement plans.'
       FROM hub_people WHERE role = 'llme' AND n = 2
     )
     INSERT INTO programme_applications (person_id, hub_id, programme, year_code, status, statement, created_at,
       sponsor_reason, sponsored_by_person_id, sponsored_at, decision_reason, decided_by_person_id, decided_at, cohort)
     SELECT c.person_id, c.hub_id, c.programme, $1, c.status, c.statement,
            ($2::date - c.days_ago)::timestamptz + interval '10 hours',
            CASE WHEN c.status <> 'awaiting_hub' THEN 'An experienced teacher the hub wants to grow as an LLME.' END,
            CASE WHEN c.status <> 'awaiting_hub' THEN l.person_id END,
            CASE WHEN c.status <> 'awaiting_hub' THEN ($2::date - c.days_ago + 7)::timestamptz + interval '10 hours' END,
            NULL,
            CASE WHEN c.status = 'enrolled' THEN (SELECT person_id FROM national) END,
            CASE WHEN c.status = 'enrolled' THEN ($2::date - c.days_ago + 21)::timestamptz + interval '10 hours' END,
            CASE WHEN c.status = 'enrolled' THEN '5' END
     FROM chosen c LEFT JOIN leaders l ON l.hub_id = c.hub_id
     ORDER BY c.hub_id, c.programme`,
    [yearCode, when.today],
  );
  return rowCount ?? 0;
}

/**
 * The demonstration's LLME communities (issue 16) in today's year: each hub's three LLME Community Leads
 * (its first leadership member and first two LLMEs) and two meetings held this year (the first a month into
 * the year, the second a week before today when that is later), each with a register of about half the LLMEs.
 */
export async function loadDemoCommunities(client: pg.PoolClient, when: DemoYears): Promise<void> {
  const yearCode = when.years[3];
  const startsOn = `${yearCode.slice(0, 4)}-09-01`;
  await client.query(
    `INSERT INTO llme_community_leads (hub_id, year_code, person_id)
     SELECT hub_id, $1, person_id FROM (
       SELECT r.hub_id, r.person_id,
              row_number() OVER (PARTITION BY r.hub_id ORDER BY r.role <> 'hub_leadership', r.person_id) AS n
       FROM (SELECT DISTINCT hub_id, person_id, role FROM role_assignments
             WHERE role IN ('hub_leadership', 'llme') AND hub_id IS NOT NULL AND ends_on IS NULL) r) x
     WHERE n <= 3
     ON CONFLICT DO NOTHING`,
    [yearCode],
  );
  await client.query(
    `INSERT INTO llme_community_meetings (hub_id, year_code, held_on, title)
     SELECT h.id, $1, d.held_on, d.title FROM hubs h
     CROSS JOIN LATERAL (VALUES ($2::date + 30, 'Autumn LLME community meeting'),
                                (greatest($3::date - 7, $2::date + 45), 'LLME community meeting')) AS d(held_on, title)
     WHERE d.held_on <= $3::date
     ORDER BY h.id, d.held_on`,
    [yearCode, startsOn, when.today],
  );
  await client.query(
    `INSERT INTO llme_community_attendance (meeting_id, person_id)
     SELECT DISTINCT m.id, r.person_id FROM llme_community_meetings m
     JOIN role_assignments r ON r.hub_id = m.hub_id AND r.role = 'llme' AND r.ends_on IS NULL
     WHERE m.year_code = $1 AND (r.person_id + m.id) % 2 = 0`,
    [yearCode],
  );
}
