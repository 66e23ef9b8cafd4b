import type pg from 'pg';

/**
 * Interest waiting for each hub in today's academic year, as teachers register it from the hubs' offer
 * pages: two teachers of the hub's participants interested in activities of the year that have not started
 * yet (each in one they are not enrolled in, from a school of a phase the NCP is for), and one in an NCP the
 * hub offers rather than a particular activity, each a few days old, so the hub's interest page has something to register or decline. Written
 * as rows on the loader's transaction, as the other demonstration loaders do; deterministic.
 */
export async function loadDemoInterests(
  client: pg.PoolClient,
  yearCode: string,
  today: string,
): Promise<void> {
  await client.query(
    `WITH planned AS (
       SELECT a.id, a.hub_id, a.ncp_id, n.phases, row_number() OVER (PARTITION BY a.hub_id ORDER BY a.id) AS n
       FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id WHERE a.year_code = $1 AND a.status = 'planned'
         AND n.phases && ARRAY['primary', 'secondary']
     ), teachers AS (
       SELECT x.hub_id, x.person_id, x.school_urn, x.phase, row_number() OVER (PARTITION BY x.hub_id ORDER BY x.person_id) AS n
       FROM (SELECT DISTINCT r.hub_id, p.id AS person_id, p.school_urn, sc.phase
             FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN schools sc ON sc.urn = p.school_urn
             WHERE r.role = 'participant' AND r.hub_id IS NOT NULL AND p.school_urn IS NOT NULL
               AND p.disabled_at IS NULL) x
     ), chosen AS (
       -- Activities 1 and 2 of the hub's planned ones, and the NCP of its third.
       SELECT pl.hub_id, CASE WHEN pl.n <= 2 THEN pl.id END AS activity_id, CASE WHEN pl.n = 3 THEN pl.ncp_id END AS ncp_id,
              pl.id AS planned_id, pl.phases, pl.n
       FROM planned pl WHERE pl.n <= 3
     )
     INSERT INTO interests (activity_id, ncp_id, hub_id, person_id, school_urn, role_in_school, year_groups, note, created_at)
     SELECT c.activity_id, c.ncp_id, c.hub_id, t.person_id, t.school_urn,
            -- What a teacher of the school's phase would give: primary class teachers by year, secondary maths teachers.
            CASE WHEN t.phase = 'primary' THEN (ARRAY['Class teacher', 'Maths lead', 'Class teacher'])[c.n]
                 ELSE (ARRAY['Teacher of maths', 'Head of department', 'Teacher of maths'])[c.n] END,
            CASE WHEN t.phase = 'primary' THEN
                   CASE c.n WHEN 1 THEN ARRAY['Year 3', 'Year 4'] WHEN 2 THEN ARRAY['Year 5'] ELSE ARRAY['Year 1', 'Year 2'] END
                 ELSE CASE c.n WHEN 1 THEN ARRAY['Year 7', 'Year 8'] WHEN 2 THEN ARRAY['Year 9'] ELSE ARRAY['Year 10', 'Year 11'] END
            END,
            (ARRAY['Our head has agreed release time for the sessions.', NULL,
                   'Could a colleague from our partner school join too?'])[c.n],
            $2::date - (c.n * 3)::int
     FROM chosen c
     CROSS JOIN LATERAL (
       SELECT t.person_id, t.school_urn, t.phase FROM teachers t
       WHERE t.hub_id = c.hub_id AND t.phase = ANY (c.phases)
         AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = c.planned_id AND e.person_id = t.person_id)
       ORDER BY t.n OFFSET c.n * 3 LIMIT 1) t
     ORDER BY c.hub_id, c.n`,
    [yearCode, today],
  );
}
