import type pg from 'pg';
import { DEMO_EMAIL_DOMAIN } from '../people/demo-accounts.ts';

/**
 * The demonstration network's delivery: what every hub ran in the four academic years up to and
 * including the current one (`DemoYears`: 2020/21 to 2023/24 when today is 31 August 2024), generated in SQL
 * from the register, the hubs and the 2023/24 catalogue, deterministically (a hash of each school's
 * URN, or each activity's id, decides; every INSERT … SELECT that makes ids others are keyed on is
 * ordered, so that the ids, and so the outcomes, are the same on every PostgreSQL version and plan).
 * Every year has registers, so that engagement and the annual
 * report's comparisons work for each. The proportions are tuned so that the demonstration network's
 * annual report of its latest year, loaded with today = 31 August 2024 (2023/24, complete), comes
 * within 5% of every figure of the real 2023/24 one (seed 001; checked by
 * src/modules/reporting/demo-report.int.test.ts): 58% of state-funded schools engaged, 7,576 primary
 * schools in Teaching for Mastery Work Groups, 1,349 and 1,111 in Mastering Number, 2,037 secondary
 * schools, 141 post-16 institutions, 4,582 primary SKTM participants, 407 and 285 in the secondary
 * Non-specialist and Teaching Assistant programmes, over 1,500 active LLMEs of whom 960 Mastery
 * Specialists, 852 LLMEs starting development programmes (52 Post-16 Mastery Specialists), nearly 900
 * schools in Targeted Support, 108 RIWGs of 983 schools, 13,900 schools in teaching for mastery since
 * 2015/16 (schools that began Readiness in an earlier year and dropped out count there).
 *
 * The latest year is part-way when today falls in it: its activities whose sessions are all past are
 * completed, those running across today have registers for their past sessions only and no outcomes
 * yet, and those starting after today (spring and summer starts) are planned, with no registers.
 *
 * Only the 2019/20 and 2023/24 catalogues are shipped: for every other demo year the demonstration
 * network assumes the shape of 2023/24 and copies it with that year's codes (NCP22-09, NCP26-09 and so
 * on); those years are listed as `demonstrationCatalogues` in the `demo.loaded` event, and the
 * catalogue pages label them as demonstration data. RIWGs, commissioned outside the NCPs, get a
 * project of their own each year (RIWG23 and so on).
 */

/** The template catalogue of the demonstration's delivery (shipped). */
export const DEMO_TEMPLATE_YEAR = '2023/24';

/** The demonstration's four years, oldest first (the last one today's), and today in England. */
export interface DemoYears {
  years: readonly [string, string, string, string];
  today: string;
}

const givenNames = [
  'Amara',
  'Ben',
  'Chloe',
  'Daniel',
  'Eleanor',
  'Farah',
  'George',
  'Hannah',
  'Imran',
  'Jess',
  'Kwame',
  'Laura',
  'Mohammed',
  'Niamh',
  'Oliver',
  'Priya',
  'Rhys',
  'Sophie',
  'Tom',
  'Una',
  'Vikram',
  'Wendy',
  'Yusuf',
  'Zoe',
];
const familyNames = [
  'Ahmed',
  'Bailey',
  'Clarke',
  'Davies',
  'Evans',
  'Fletcher',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Khan',
  'Lewis',
  'Morris',
  'Nash',
  'Owen',
  'Patel',
  'Quinn',
  'Roberts',
  'Shah',
  'Turner',
  'Walker',
  'Young',
];

const sqlArray = (values: readonly string[]) =>
  `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

/** The statements, in order. `u(text)` is a uniform number in [0, 1) from a hash: the same every run. */
function statements({ years, today }: DemoYears): string[] {
  const given = sqlArray(givenNames);
  const family = sqlArray(familyNames);
  const [y3, y2, y1, y0] = years.map((y) => `'${y}'`) as [string, string, string, string];
  const made = years.filter((y) => y !== DEMO_TEMPLATE_YEAR);
  const madeValues = made.length ? made.map((y) => `('${y}')`).join(', ') : `('-')`;
  const allValues = years.map((y) => `('${y}')`).join(', ');
  const day = `'${today}'::date`;
  return [
    `CREATE FUNCTION pg_temp.u(key text) RETURNS double precision IMMUTABLE LANGUAGE sql AS
       $$ SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint::double precision / 4294967296.0 $$`,

    // An activity's sessions by the term it starts in: from 1 October every 45 days for an autumn start,
    // from 15 January every 30 for a spring start, from 25 April every 20 for a summer start.
    `CREATE FUNCTION pg_temp.first_session(year_code text, starts date) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS
       $$ SELECT CASE extract(month FROM starts)
            WHEN 1 THEN (left(year_code, 4)::int + 1 || '-01-15')::timestamptz
            WHEN 4 THEN (left(year_code, 4)::int + 1 || '-04-25')::timestamptz
            ELSE (left(year_code, 4) || '-10-01')::timestamptz END $$`,
    `CREATE FUNCTION pg_temp.session_step(starts date) RETURNS interval IMMUTABLE LANGUAGE sql AS
       $$ SELECT CASE extract(month FROM starts) WHEN 1 THEN interval '30 days' WHEN 4 THEN interval '20 days'
            ELSE interval '45 days' END $$`,
    // The day of an activity's last session (five in the latest year).
    `CREATE FUNCTION pg_temp.last_session(year_code text, starts date) RETURNS date IMMUTABLE LANGUAGE sql AS
       $$ SELECT (pg_temp.first_session(year_code, starts) + pg_temp.session_step(starts) * 4)::date $$`,
    // An activity as of today: earlier years' are completed; in the latest year, one whose sessions are
    // all past is completed (on the day of its last session), one that has started is running, a later
    // one planned.
    `CREATE FUNCTION pg_temp.status(year_code text, starts date, ends date) RETURNS text IMMUTABLE LANGUAGE sql AS
       $$ SELECT CASE WHEN year_code <> ${y0} OR ends < ${day} OR pg_temp.last_session(year_code, starts) < ${day} THEN 'completed'
                      WHEN starts <= ${day} THEN 'running' ELSE 'planned' END $$`,
    `CREATE FUNCTION pg_temp.ends(year_code text, starts date, ends date) RETURNS date IMMUTABLE LANGUAGE sql AS
       $$ SELECT CASE WHEN year_code = ${y0} AND ends >= ${day} AND pg_temp.last_session(year_code, starts) < ${day}
                      THEN pg_temp.last_session(year_code, starts) ELSE ends END $$`,

    // The other years' catalogues, shaped as 2023/24's (the template).
    `INSERT INTO ncps (year_code, code, title, strand, phases, type, participation, sections, rules, completes_tfm_stage, next_ncp_code)
     SELECT y.code, replace(n.code, 'NCP23-', 'NCP' || substr(y.code, 3, 2) || '-'), n.title, n.strand, n.phases, n.type,
            n.participation, n.sections, n.rules, n.completes_tfm_stage,
            replace(n.next_ncp_code, 'NCP23-', 'NCP' || (substr(y.code, 3, 2)::int + 1)::text || '-')
     FROM ncps n CROSS JOIN (VALUES ${madeValues}) AS y(code)
     WHERE n.year_code = '${DEMO_TEMPLATE_YEAR}'
     ORDER BY y.code, n.code
     ON CONFLICT (year_code, code) DO NOTHING`,

    // Research and Innovation Work Groups are commissioned outside the NCPs: a project of their own each year.
    `INSERT INTO ncps (year_code, code, title, strand, phases, type, participation)
     SELECT y.code, 'RIWG' || substr(y.code, 3, 2), 'Research and Innovation Work Groups', 'research-and-innovation',
            ARRAY['primary', 'secondary'], 'work_group', 'not_required'
     FROM (VALUES ${allValues}) AS y(code)
     JOIN academic_years ay ON ay.code = y.code
     ON CONFLICT (year_code, code) DO NOTHING`,

    // Each open state-funded school's hub.
    `CREATE TEMP TABLE demo_school_hub ON COMMIT DROP AS
     SELECT s.urn, s.phase, s.has_sixth_form, (
       SELECT ha.hub_id FROM hub_areas ha WHERE ha.la_code = s.la_code
         AND (ha.district_code IS NULL OR ha.district_code = s.district_code)
       ORDER BY ha.district_code IS NULL LIMIT 1) AS hub_id
     FROM schools s WHERE s.is_open AND s.is_state_funded`,

    // The schools of each hub by phase, to pick from without sorting.
    `CREATE TEMP TABLE demo_hub_schools ON COMMIT DROP AS
     SELECT hub_id, CASE WHEN phase = 'secondary' THEN 'secondary' ELSE 'primary' END AS phase, array_agg(urn ORDER BY urn) AS urns
     FROM demo_school_hub WHERE hub_id IS NOT NULL AND phase IN ('primary', 'secondary', 'all_through')
     GROUP BY 1, 2
     UNION ALL
     SELECT hub_id, 'post_16', array_agg(urn ORDER BY urn)
     FROM demo_school_hub WHERE hub_id IS NOT NULL AND (phase = 'post_16' OR has_sixth_form)
     GROUP BY 1`,

    // Each school's Teaching for Mastery stage in the latest year (0 readiness … 3 sustaining), or none.
    `CREATE TEMP TABLE demo_journey ON COMMIT DROP AS
     SELECT urn, phase, hub_id, CASE
       WHEN phase IN ('primary', 'all_through') THEN CASE
         WHEN pg_temp.u('tfm' || urn) < 0.045 THEN 0 WHEN pg_temp.u('tfm' || urn) < 0.13 THEN 1
         WHEN pg_temp.u('tfm' || urn) < 0.24 THEN 2 WHEN pg_temp.u('tfm' || urn) < 0.45 THEN 3 END
       WHEN phase = 'secondary' THEN CASE
         WHEN pg_temp.u('tfm' || urn) < 0.077 THEN 1 WHEN pg_temp.u('tfm' || urn) < 0.207 THEN 2
         WHEN pg_temp.u('tfm' || urn) < 0.367 THEN 3 END
       END AS stage
     FROM demo_school_hub WHERE hub_id IS NOT NULL`,

    // Teaching for Mastery schools of each hub: most programme participants come from schools already
    // working with their hub.
    `INSERT INTO demo_hub_schools
     SELECT hub_id, 'tfm_' || CASE WHEN phase = 'secondary' THEN 'secondary' ELSE 'primary' END, array_agg(urn ORDER BY urn)
     FROM demo_journey WHERE stage IS NOT NULL AND phase IN ('primary', 'secondary', 'all_through') GROUP BY 1, 2`,

    // Which school takes part in what, by year: TfM stage work (stage in 2023/24 minus years back),
    // Mastering Number, secondary support Work Groups and post-16 Work Groups (y0 is the latest year).
    `CREATE TEMP TABLE demo_part ON COMMIT DROP AS
     SELECT j.urn, j.hub_id, y.code AS year_code,
            CASE WHEN j.phase = 'secondary' THEN (ARRAY['12','12','13','14'])[j.stage - k + 1]
                 ELSE (ARRAY['08','09','10','11'])[j.stage - k + 1] END AS suffix, false AS dropped
     FROM demo_journey j
     CROSS JOIN generate_series(0, 3) AS k
     JOIN (VALUES (0, ${y0}), (1, ${y1}), (2, ${y2}), (3, ${y3})) AS y(back, code) ON y.back = k
     WHERE j.stage IS NOT NULL AND (j.stage - k >= 0 OR j.stage = 3) AND NOT (j.phase = 'secondary' AND j.stage - k < 1)
     UNION ALL
     SELECT urn, hub_id, ${y0}, '07a', false FROM demo_journey
       WHERE phase = 'primary' AND stage IS DISTINCT FROM 3 AND pg_temp.u('mn1' || urn) < 0.10
     UNION ALL
     SELECT urn, hub_id, ${y1}, '07a', false FROM demo_journey WHERE stage = 3 AND pg_temp.u('mn2' || urn) < 0.27
     UNION ALL
     SELECT urn, hub_id, ${y0}, '06', false FROM demo_journey WHERE stage = 3 AND pg_temp.u('mn2' || urn) < 0.27
     UNION ALL
     SELECT urn, hub_id, ${y0}, '19', false FROM demo_journey WHERE phase = 'secondary' AND stage IS NULL
       AND pg_temp.u('y58' || urn) < 0.28
     UNION ALL
     SELECT h.urn, h.hub_id, ${y0}, (ARRAY['20','23','24'])[1 + floor(pg_temp.u('p16s' || h.urn) * 3)::int], false
       FROM demo_school_hub h WHERE h.hub_id IS NOT NULL
         AND ((h.phase = 'post_16' AND pg_temp.u('p16' || h.urn) < 0.3) OR (h.has_sixth_form AND pg_temp.u('p16' || h.urn) < 0.016))
     UNION ALL
     -- Schools that began Mastery Readiness in an earlier year and dropped out (they took part: the
     -- cumulative count of schools engaged with teaching for mastery since 2015/16).
     SELECT urn, hub_id, (ARRAY[${y3}, ${y2}, ${y1}])[1 + floor(pg_temp.u('drop' || urn) * 3)::int], '08', true
       FROM demo_journey WHERE phase IN ('primary', 'all_through') AND stage IS NULL AND pg_temp.u('tfm' || urn) < 0.80
     UNION ALL
     -- Targeted Support in Mathematics (the latest year) for schools not in Teaching for Mastery.
     SELECT urn, hub_id, ${y0}, '33', false FROM demo_journey
       WHERE stage IS NULL AND phase IN ('primary', 'secondary', 'all_through') AND pg_temp.u('tsm' || urn) < 0.082
     UNION ALL
     -- Research and Innovation Work Groups, mostly of schools well into Teaching for Mastery.
     SELECT j.urn, j.hub_id, y.code, 'RI', false FROM demo_journey j CROSS JOIN (VALUES (${y1}), (${y0})) AS y(code)
       WHERE j.stage >= 1 AND pg_temp.u('riwg' || y.code || j.urn) < 0.122`,

    // Work Groups of about seven schools, per hub, year and NCP.
    `CREATE TEMP TABLE demo_wg_member ON COMMIT DROP AS
     SELECT p.*, (row_number() OVER (PARTITION BY p.hub_id, p.year_code, p.suffix ORDER BY md5(p.urn::text)) - 1)
              / CASE p.suffix WHEN 'RI' THEN 11 ELSE 7 END AS grp
     FROM demo_part p`,

    `CREATE TEMP TABLE demo_wg ON COMMIT DROP AS
     SELECT m.*, n.id AS ncp_id,
            regexp_replace(n.title, ' (Work Groups|Communities|Community|in Maths)$', '')
              || CASE m.suffix WHEN '33' THEN ' partnership ' WHEN 'RI' THEN ' ' ELSE ' Work Group ' END || (m.grp + 1) AS title
     FROM demo_wg_member m
     JOIN ncps n ON n.year_code = m.year_code AND n.code = CASE m.suffix WHEN 'RI' THEN 'RIWG' || substr(m.year_code, 3, 2)
                                                              ELSE 'NCP' || substr(m.year_code, 3, 2) || '-' || m.suffix END`,

    // Most Work Groups start in the autumn term, some in the spring or summer term (the term decides the
    // sessions' dates below).
    `INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status, starts_on, ends_on)
     SELECT hub_id, ncp_id, year_code, kind, title, pg_temp.status(year_code, starts_on, ends_on), starts_on,
            pg_temp.ends(year_code, starts_on, ends_on)
     FROM (
       SELECT DISTINCT hub_id, ncp_id, year_code, CASE suffix WHEN '33' THEN 'targeted_support' ELSE 'work_group' END AS kind, title,
              CASE WHEN pg_temp.u('term' || hub_id || year_code || title) < 0.75 THEN (left(year_code, 4) || '-09-01')::date
                   WHEN pg_temp.u('term' || hub_id || year_code || title) < 0.93 THEN (left(year_code, 4)::int + 1 || '-01-06')::date
                   ELSE (left(year_code, 4)::int + 1 || '-04-20')::date END AS starts_on,
              (left(year_code, 4)::int + 1 || '-07-20')::date AS ends_on
       FROM demo_wg) w
     ORDER BY hub_id, year_code, title`,

    // Programme cohorts (SKTM, ECT Phase 1 and 2) of about 16 participants: two to six per hub a year.
    `INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status, starts_on, ends_on)
     SELECT h.id, n.id, n.year_code, 'programme_cohort', n.title || ' – cohort ' || c,
            pg_temp.status(n.year_code, t.starts_on, t.ends_on), t.starts_on, pg_temp.ends(n.year_code, t.starts_on, t.ends_on)
     FROM hubs h
     JOIN ncps n ON n.year_code IN (${y1}, ${y0})
       AND substr(n.code, 7) IN ('01', '03', '04', '05', '21', '22', '25', '26', '27', '28a', '28b', '29a', '29b', '30', '32')
       AND (substr(n.code, 7) <> '22' OR h.id % 8 = 0)
     CROSS JOIN generate_series(1, 2) AS c
     CROSS JOIN LATERAL (SELECT
       CASE WHEN pg_temp.u('term' || h.id || n.code || c) < 0.75 THEN (left(n.year_code, 4) || '-10-01')::date
            WHEN pg_temp.u('term' || h.id || n.code || c) < 0.93 THEN (left(n.year_code, 4)::int + 1 || '-01-06')::date
            ELSE (left(n.year_code, 4)::int + 1 || '-04-20')::date END AS starts_on,
       (left(n.year_code, 4)::int + 1 || CASE WHEN pg_temp.u('term' || h.id || n.code || c) < 0.93 THEN '-06-30' ELSE '-07-20' END)::date
         AS ends_on) t
     WHERE c = 1 OR substr(n.code, 7) IN ('26', '27', '28a')
     ORDER BY h.id, n.year_code, n.code, c`,

    // The schools of each Work Group: outcomes only for completed activities (a running one keeps the
    // schools that withdrew; a planned one has every school registered).
    `INSERT INTO activity_schools (activity_id, school_urn, status, commitment_statement, commitment_recorded_at, completed_on)
     SELECT a.id, w.urn,
            CASE WHEN a.status <> 'running' AND a.status <> 'completed' THEN 'registered'
                 WHEN w.dropped OR pg_temp.u('wd' || w.urn || w.year_code) < 0.03 THEN 'withdrawn'
                 WHEN a.status = 'completed' THEN 'completed' ELSE 'registered' END,
            'The headteacher commits to releasing the lead participant for every Work Group session and to supporting change in school.',
            (left(w.year_code, 4) || '-07-15')::timestamptz,
            CASE WHEN w.dropped OR pg_temp.u('wd' || w.urn || w.year_code) < 0.03 OR a.status <> 'completed' THEN NULL ELSE a.ends_on END
     FROM demo_wg w
     JOIN hub_activities a ON a.hub_id = w.hub_id AND a.ncp_id = w.ncp_id AND a.title = w.title`,

    // One lead teacher per school that takes part (two in a third of schools), reused across years.
    `INSERT INTO people (email, given_name, family_name, school_urn)
     SELECT 'teacher' || k || '.' || s.urn || '@${DEMO_EMAIL_DOMAIN}',
            (${given})[1 + floor(pg_temp.u('g' || k || s.urn) * ${givenNames.length})::int],
            (${family})[1 + floor(pg_temp.u('f' || k || s.urn) * ${familyNames.length})::int], s.urn
     FROM (SELECT DISTINCT school_urn AS urn FROM activity_schools) s
     CROSS JOIN generate_series(1, 2) AS k
     WHERE k = 1 OR pg_temp.u('two' || s.urn) < 0.33
     ORDER BY s.urn, k`,

    `INSERT INTO enrolments (activity_id, person_id, school_urn, role_in_school, year_groups, status, registered_at, completed_on)
     SELECT s.activity_id, p.id, s.school_urn, CASE WHEN p.email LIKE 'teacher1.%' THEN 'Maths lead' ELSE 'Class teacher' END,
            ARRAY['Year ' || (1 + floor(pg_temp.u('yg' || p.id) * 6)::int)], s.status, s.registered_at, s.completed_on
     FROM activity_schools s JOIN people p ON p.school_urn = s.school_urn AND p.email LIKE 'teacher_.%'
     ORDER BY s.activity_id, p.id`,

    // Programme participants: new teachers at schools of the hub's area.
    `INSERT INTO people (email, given_name, family_name, school_urn)
     SELECT 'participant' || a.id || '.' || k || '@${DEMO_EMAIL_DOMAIN}',
            (${given})[1 + floor(pg_temp.u('pg' || a.id || k) * ${givenNames.length})::int],
            (${family})[1 + floor(pg_temp.u('pf' || a.id || k) * ${familyNames.length})::int],
            hs.urns[1 + floor(pg_temp.u('ps' || a.id || '.' || k) * cardinality(hs.urns))::int]
     FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
     CROSS JOIN generate_series(1, 19) AS k
     JOIN demo_hub_schools hs ON hs.hub_id = a.hub_id
       AND hs.phase = CASE
         WHEN substr(n.code, 7) IN ('21', '22') THEN 'post_16'
         WHEN substr(n.code, 7) = '03' THEN 'tfm_secondary'
         WHEN substr(n.code, 7) IN ('01', '04', '05') THEN 'tfm_primary'
         ELSE CASE WHEN pg_temp.u('pool' || a.id || '.' || k) < 0.4 THEN 'tfm_' ELSE '' END
              || CASE WHEN n.phases @> ARRAY['secondary'] THEN 'secondary' ELSE 'primary' END END
     WHERE a.kind = 'programme_cohort' AND substr(n.code, 7) <> '28b' AND substr(n.code, 7) <> '29b'
       -- Cohort sizes that give the annual report's totals (seed 001).
       AND k <= CASE substr(n.code, 7)
         WHEN '01' THEN 7 + floor(pg_temp.u('size' || a.id) * 6)::int
         WHEN '03' THEN 3 + floor(pg_temp.u('size' || a.id) * 5)::int
         WHEN '04' THEN 2 + floor(pg_temp.u('size' || a.id) * 4)::int
         WHEN '05' THEN 1 + floor(pg_temp.u('size' || a.id) * 4)::int
         WHEN '21' THEN 1 + (a.hub_id % 10 < 3)::int
         WHEN '22' THEN 5
         WHEN '30' THEN 10 + (a.hub_id % 6 = 0)::int
         WHEN '32' THEN 7 + (a.hub_id % 8 = 0)::int
         WHEN '29a' THEN 12 + floor(pg_temp.u('size' || a.id) * 7)::int
         ELSE 13 + floor(pg_temp.u('size' || a.id) * 6)::int END
     ORDER BY a.id, k`,

    `INSERT INTO enrolments (activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status, completed_on)
     SELECT a.id, p.id, p.school_urn, CASE WHEN n.code LIKE '%-27' OR n.code LIKE '%-32' THEN 'Teaching assistant' ELSE 'Teacher' END,
            ARRAY['Year ' || (1 + floor(pg_temp.u('yg' || p.id) * 6)::int)],
            CASE WHEN n.title LIKE '%Early Career%' THEN 'Mentor of ' || p.given_name END,
            CASE WHEN n.title LIKE '%Early Career%' THEN 'mentor.' || p.id || '@${DEMO_EMAIL_DOMAIN}' END,
            CASE WHEN a.status = 'completed' THEN 'completed' ELSE 'registered' END,
            CASE WHEN a.status = 'completed' THEN a.ends_on END
     FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
     CROSS JOIN generate_series(1, 19) AS k
     JOIN people p ON p.email = 'participant' || a.id || '.' || k || '@${DEMO_EMAIL_DOMAIN}'
     WHERE a.kind = 'programme_cohort'
     ORDER BY a.id, k`,

    // SKTM ECT Phase 1 in the year before → Phase 2 in the latest year: under a quarter move on, as the seed hub saw.
    `INSERT INTO enrolments (activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status,
                             completed_on, continues_enrolment_id)
     SELECT a2.id, e.person_id, e.school_urn, e.role_in_school, e.year_groups, e.mentor_name, e.mentor_email,
            CASE WHEN a2.status = 'completed' THEN 'completed' ELSE 'registered' END,
            CASE WHEN a2.status = 'completed' THEN a2.ends_on END, e.id
     FROM enrolments e
     JOIN hub_activities a1 ON a1.id = e.activity_id AND a1.year_code = ${y1}
     JOIN ncps n1 ON n1.id = a1.ncp_id AND n1.next_ncp_code IS NOT NULL
     JOIN ncps n2 ON n2.year_code = ${y0} AND substr(n2.code, 7) = substr(n1.next_ncp_code, 7)
     JOIN LATERAL (SELECT id, ends_on, status FROM hub_activities WHERE hub_id = a1.hub_id AND ncp_id = n2.id ORDER BY id LIMIT 1) a2 ON true
     WHERE pg_temp.u('p2' || e.id) < 0.22
     ORDER BY e.id`,

    // The demonstration accounts' hub (the first hub's people are the sign-in shortcuts): each of its
    // named participants takes part in one of the hub's latest year's programme cohorts, so that My
    // programmes, the pathway and the hub's events have something to show them.
    `INSERT INTO enrolments (activity_id, person_id, school_urn, role_in_school, year_groups, status, completed_on)
     SELECT DISTINCT ON (p.id) a.id, p.id, p.school_urn, 'Teacher', ARRAY['Year 4'],
            CASE WHEN a.status = 'completed' THEN 'completed' ELSE 'registered' END,
            CASE WHEN a.status = 'completed' THEN a.ends_on END
     FROM people p
     JOIN role_assignments r ON r.person_id = p.id AND r.role = 'participant'
       AND r.hub_id = (SELECT r1.hub_id FROM role_assignments r1 WHERE r1.role = 'participant' AND r1.hub_id IS NOT NULL
                       ORDER BY r1.person_id LIMIT 1)
     JOIN hub_activities a ON a.hub_id = r.hub_id AND a.year_code = ${y0} AND a.kind = 'programme_cohort'
     JOIN schools s ON s.urn = p.school_urn
     JOIN ncps n ON n.id = a.ncp_id AND (CASE WHEN s.phase IN ('secondary', 'post_16') THEN s.phase ELSE 'primary' END) = ANY(n.phases)
     WHERE p.email NOT LIKE 'participant%' AND p.email NOT LIKE 'teacher%'
     ORDER BY p.id, md5(p.id || '.' || a.id)`,

    // Sessions: five TRGs or sessions in the latest year and three in earlier years, dated by the term
    // the activity starts in (pg_temp.first_session).
    `INSERT INTO activity_sessions (activity_id, kind, title, starts_at, ends_at, location)
     SELECT a.id, CASE WHEN a.kind = 'work_group' THEN 'trg' ELSE 'session' END,
            CASE WHEN a.kind = 'work_group' THEN 'TRG ' ELSE 'Session ' END || k,
            pg_temp.first_session(a.year_code, a.starts_on) + pg_temp.session_step(a.starts_on) * (k - 1) + interval '13 hours 30 minutes',
            pg_temp.first_session(a.year_code, a.starts_on) + pg_temp.session_step(a.starts_on) * (k - 1) + interval '16 hours',
            CASE WHEN pg_temp.u('online' || a.id) < 0.4 THEN 'Online' ELSE 'Hub venue' END
     FROM hub_activities a
     CROSS JOIN generate_series(1, 5) AS k
     WHERE (k <= 3 OR a.year_code = ${y0}) AND EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = a.id)
     ORDER BY a.id, k`,

    // Registers of the sessions before today: most attend; withdrawn schools' teachers attended the
    // first session at most; a few registered but never came (they are not engaged). Later sessions
    // are planned, with no marks.
    `INSERT INTO attendance_marks (session_id, enrolment_id, status, marked_at)
     SELECT s.id, e.id,
            CASE WHEN e.status = 'withdrawn' AND s.title NOT LIKE '% 1' THEN 'absent'
                 WHEN e.never_came THEN 'absent'
                 WHEN r.u < 0.86 THEN 'present' WHEN r.u < 0.93 THEN 'apologies' ELSE 'absent' END,
            s.ends_at
     FROM activity_sessions s
     JOIN (SELECT id, activity_id, status, pg_temp.u('never' || id) < 0.02 AS never_came FROM enrolments) e
       ON e.activity_id = s.activity_id
     CROSS JOIN LATERAL (SELECT pg_temp.u('m' || s.id || '.' || e.id) AS u) r
     WHERE s.starts_at < ${day}`,

    // More LLMEs, to over 1,500 active nationally, most of them accredited Mastery Specialists.
    `INSERT INTO people (email, given_name, family_name, school_urn)
     SELECT 'llme' || h.id || '.' || k || '@${DEMO_EMAIL_DOMAIN}',
            (${given})[1 + floor(pg_temp.u('lg' || h.id || k) * ${givenNames.length})::int],
            (${family})[1 + floor(pg_temp.u('lf' || h.id || k) * ${familyNames.length})::int],
            hs.urns[1 + floor(pg_temp.u('ls' || h.id || '.' || k) * cardinality(hs.urns))::int]
     FROM hubs h CROSS JOIN generate_series(1, 28) AS k
     JOIN demo_hub_schools hs ON hs.hub_id = h.id
       AND hs.phase = CASE WHEN k % 4 = 0 THEN 'secondary' ELSE 'primary' END
     ORDER BY h.id, k`,

    `INSERT INTO role_assignments (person_id, role, title, hub_id, starts_on)
     SELECT p.id, 'llme', CASE WHEN pg_temp.u('title' || p.id) < 0.74 THEN 'Mastery Specialist' ELSE 'Work Group Lead' END,
            split_part(split_part(p.email, '.', 1), 'llme', 2)::int, '2020-09-01'
     FROM people p WHERE p.email LIKE 'llme%.%@${DEMO_EMAIL_DOMAIN}'`,

    `INSERT INTO accreditations (person_id, kind, cohort, awarded_on)
     SELECT r.person_id, CASE WHEN s.phase = 'secondary' THEN 'secondary_mastery_specialist' ELSE 'mastery_specialist' END,
            'Cohort ' || (1 + floor(pg_temp.u('c' || r.person_id) * 8)::int), '2020-07-15'
     FROM role_assignments r JOIN people p ON p.id = r.person_id LEFT JOIN schools s ON s.urn = p.school_urn
     WHERE r.role = 'llme' AND r.title = 'Mastery Specialist'`,

    // Leads: each activity is led by one of its hub's LLMEs, dealt out in turn within each hub and year so
    // that every LLME leads hub activity where the hub runs enough of it (active LLMEs, seed 001: over
    // 1,500 "leading Maths Hubs activity"). Work Groups come first and Mastery Specialists first, so
    // Mastery Specialists lead the TfM Work Groups.
    `INSERT INTO activity_leads (activity_id, person_id, title)
     SELECT a.id, l.everyone[1 + (a.turn % cardinality(l.everyone))::int],
            CASE WHEN a.kind = 'work_group' THEN 'Work Group Lead' ELSE 'Cohort Lead' END
     FROM (
       SELECT x.id, x.hub_id, x.kind,
              row_number() OVER (PARTITION BY x.hub_id, x.year_code
                                 ORDER BY x.kind <> 'work_group', pg_temp.u('lead' || x.id)) - 1 AS turn
       FROM hub_activities x) a
     JOIN (
       SELECT r.hub_id,
              array_agg(r.person_id ORDER BY c.person_id IS NULL, pg_temp.u('order' || r.person_id)) AS everyone
       FROM (SELECT DISTINCT hub_id, person_id FROM role_assignments WHERE role = 'llme') r
       LEFT JOIN (SELECT DISTINCT person_id FROM accreditations) c ON c.person_id = r.person_id
       GROUP BY r.hub_id) l ON l.hub_id = a.hub_id`,

    // The front door: this year's SKTM cohorts that have not started yet take registrations directly
    // from the hub's offer page (teachers sign up for them); the rest take interest, for the hub to
    // register (Mastery Specialist and leadership programmes are by selection).
    `UPDATE hub_activities a SET open_for_direct_registration = true
     FROM ncps n
     WHERE n.id = a.ncp_id AND n.strand LIKE 'sktm-%'
       AND a.year_code = ${y0} AND a.kind = 'programme_cohort' AND a.status = 'planned'`,

    `INSERT INTO role_assignments (person_id, role, hub_id, starts_on)
     SELECT DISTINCT e.person_id, 'participant', a.hub_id, '2020-09-01'::date
     FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id
     WHERE NOT EXISTS (SELECT 1 FROM role_assignments r WHERE r.person_id = e.person_id AND r.role = 'participant' AND r.hub_id = a.hub_id)`,
  ];
}

export interface DemoDeliverySummary {
  activities: number;
  enrolments: number;
  attendanceMarks: number;
}

/** Generates the delivery of every hub in the demonstration network, on the loader's transaction. */
export async function loadDemoDelivery(client: pg.PoolClient, when: DemoYears): Promise<DemoDeliverySummary> {
  for (const statement of statements(when)) {
    const started = performance.now();
    await client.query(statement);
    if (process.env.DEMO_TIMINGS)
      console.error(Math.round(performance.now() - started), statement.slice(0, 70).replace(/\s+/g, ' '));
  }
  const { rows } = await client.query<{ activities: number; enrolments: number; marks: number }>(
    `SELECT (SELECT count(*)::int FROM hub_activities) AS activities,
            (SELECT count(*)::int FROM enrolments) AS enrolments,
            (SELECT count(*)::int FROM attendance_marks) AS marks`,
  );
  return {
    activities: rows[0]!.activities,
    enrolments: rows[0]!.enrolments,
    attendanceMarks: rows[0]!.marks,
  };
}
