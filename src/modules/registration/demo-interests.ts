import type pg from 'pg';

/**
 * Interest waiting for each hub in today's academic year, as teachers register it from the hubs' offer
 * pages: two teachers interested in activities of the year that have not started yet, and one in the NCP
 * of a third rather than a particular activity, each a few days old, so the hub's interest page has
 * something to register or decline. Each is a colleague at a school already taking part in that activity
 * (so it meets the NCP's rules), in none of the NCP's activities, who would like to join too: the hub can
 * register every one. Written as rows on the loader's transaction, as the other demonstration loaders do;
 * deterministic.
 */
export async function loadDemoInterests(
  client: pg.PoolClient,
  yearCode: string,
  today: string,
): Promise<void> {
  await client.query(
    `WITH teachers AS (
       -- The hub's participants with a school: set-based, as people has no index by school.
       SELECT DISTINCT r.hub_id, p.id AS person_id, p.school_urn, sc.phase
       FROM role_assignments r JOIN people p ON p.id = r.person_id JOIN schools sc ON sc.urn = p.school_urn
       WHERE r.role = 'participant' AND r.hub_id IS NOT NULL AND p.disabled_at IS NULL
     ), firsts AS (
       -- For each planned activity, its first such colleague at one of its schools, in none of the NCP's activities.
       SELECT DISTINCT ON (a.id) a.id AS activity_id, a.hub_id, a.ncp_id, t.person_id, t.school_urn, t.phase
       FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
       JOIN activity_schools x ON x.activity_id = a.id AND x.status <> 'withdrawn'
       JOIN teachers t ON t.school_urn = x.school_urn AND t.hub_id = a.hub_id
       WHERE a.year_code = $1 AND a.status = 'planned' AND n.phases && ARRAY['primary', 'secondary']
         AND NOT EXISTS (SELECT 1 FROM enrolments e JOIN hub_activities o ON o.id = e.activity_id
                         WHERE e.person_id = t.person_id AND o.ncp_id = a.ncp_id)
       ORDER BY a.id, t.person_id
     ), colleagues AS (
       SELECT DISTINCT ON (f.hub_id, f.person_id) f.* FROM firsts f ORDER BY f.hub_id, f.person_id, f.activity_id
     ), candidates AS (
       -- Each person once, in a hub's planned activities in order.
       SELECT c.*, row_number() OVER (PARTITION BY c.hub_id ORDER BY c.activity_id)::int AS n FROM colleagues c
     )
     INSERT INTO interests (activity_id, ncp_id, hub_id, person_id, school_urn, role_in_school, year_groups, note, created_at)
     SELECT CASE WHEN c.n <= 2 THEN c.activity_id END, CASE WHEN c.n = 3 THEN c.ncp_id END, c.hub_id, c.person_id,
            c.school_urn,
            -- What a teacher of the school's phase would give: primary class teachers by year, secondary maths teachers.
            CASE WHEN c.phase = 'primary' THEN (ARRAY['Class teacher', 'Maths lead', 'Class teacher'])[c.n]
                 ELSE (ARRAY['Teacher of maths', 'Head of department', 'Teacher of maths'])[c.n] END,
            CASE WHEN c.phase = 'primary' THEN
                   CASE c.n WHEN 1 THEN ARRAY['Year 3', 'Year 4'] WHEN 2 THEN ARRAY['Year 5'] ELSE ARRAY['Year 1', 'Year 2'] END
                 ELSE CASE c.n WHEN 1 THEN ARRAY['Year 7', 'Year 8'] WHEN 2 THEN ARRAY['Year 9'] ELSE ARRAY['Year 10', 'Year 11'] END
            END,
            (ARRAY['Our head has agreed release time for the sessions.', NULL,
                   'Could a colleague from our partner school join too?'])[c.n],
            $2::date - c.n * 3
     FROM candidates c WHERE c.n <= 3
     ORDER BY c.hub_id, c.n`,
    [yearCode, today],
  );
}
