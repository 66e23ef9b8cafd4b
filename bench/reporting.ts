import { annualTrend, buildAnnualReport } from '../src/modules/reporting/annual-report.ts';
import { hubsCompared } from '../src/modules/reporting/hubs-compared.ts';
import { benchDatabase, fmt } from './support.ts';

const rounds = Number(process.env.MH_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** The NCPs of every year: Teaching for Mastery stages, Mastering Number, SKTM, post-16, Targeted Support, RIWGs. */
const ncpRows = `(VALUES
  ('08', 'Mastery Readiness Work Groups', 'mastery-readiness', 'readiness', '{primary}', 'work_group'),
  ('09', 'Primary TfM Development Work Groups', 'primary-tfm-development', 'development', '{primary}', 'work_group'),
  ('10', 'Primary TfM Embedding Work Groups', 'primary-tfm-embedding', 'embedding', '{primary}', 'work_group'),
  ('11', 'Primary TfM Sustaining Work Groups', 'primary-tfm-sustaining', 'sustaining', '{primary}', 'work_group'),
  ('12', 'Secondary TfM Development Work Groups', 'secondary-tfm-development', 'development', '{secondary}', 'work_group'),
  ('14', 'Secondary TfM Sustaining Work Groups', 'secondary-tfm-sustaining', 'sustaining', '{secondary}', 'work_group'),
  ('06', 'Mastering Number at KS2 Work Groups', 'mastering-number-ks2', NULL, '{primary}', 'work_group'),
  ('07a', 'Mastering Number at Reception and KS1 Work Groups', 'mastering-number-reception-ks1', NULL, '{primary}', 'work_group'),
  ('19', 'Years 5-8 Continuity Work Groups', 'y5-y8-continuity', NULL, '{primary,secondary}', 'work_group'),
  ('01', 'Primary Mastery Specialist Programme', 'primary-mastery-specialists', NULL, '{primary}', 'programme'),
  ('21', 'Post-16 Mastery Specialist Programme', 'post-16-mastery-specialists', NULL, '{post_16}', 'programme'),
  ('24', 'Developing A Level Pedagogy Work Groups', 'a-level-pedagogy', NULL, '{post_16}', 'work_group'),
  ('25', 'SKTM: Early Years Teachers', 'sktm-early-years', NULL, '{primary}', 'programme'),
  ('26', 'SKTM: Primary Teachers', 'sktm-primary-teachers', NULL, '{primary}', 'programme'),
  ('27', 'SKTM: Primary Teaching Assistants', 'sktm-primary-teaching-assistants', NULL, '{primary}', 'programme'),
  ('28a', 'SKTM: Primary ECTs Phase 1', 'sktm-primary-ect-phase-1', NULL, '{primary}', 'programme'),
  ('30', 'SKTM: Secondary Non-specialist Teachers', 'sktm-secondary-non-specialist', NULL, '{secondary}', 'programme'),
  ('32', 'SKTM: Secondary Teaching Assistants', 'sktm-secondary-teaching-assistants', NULL, '{secondary}', 'programme'),
  ('33', 'Targeted Support in Maths', 'targeted-support', NULL, '{primary,secondary}', 'intensive_support'),
  ('RI', 'Research and Innovation Work Groups', 'research-and-innovation', NULL, '{primary,secondary}', 'work_group')
) AS v(suffix, title, strand, stage, phases, type)`;

/**
 * A national ten-year dataset (2014/15 to 2023/24), made in SQL: 24,000 schools (1,000 of them
 * converted to academies with new URNs), 40 hubs, 150,000 activities, about 1.5 million enrolments of
 * 400,000 people, a million sessions and about 10 million attendance marks. Foreign-key triggers are
 * off while loading (the rows are consistent by construction).
 */
export async function makeNationalDataset(query: (text: string) => Promise<unknown>) {
  await query(`SET session_replication_role = replica`);
  await query(`INSERT INTO academic_years
    SELECT (2014 + i)::text || '/' || lpad(((15 + i) % 100)::text, 2, '0'), make_date(2014 + i, 9, 1), make_date(2015 + i, 8, 31)
    FROM generate_series(0, 9) i`);
  await query(`INSERT INTO local_authorities (code, name, gss_code, region_code, region_name, entity)
    SELECT (100 + i)::text, 'Benchshire ' || i, 'E06' || lpad(i::text, 6, '0'), 'E12000003', 'Yorkshire and The Humber', 'Unitary Authorities'
    FROM generate_series(0, 149) i`);
  await query(
    `INSERT INTO hubs (slug, name) SELECT 'hub-' || i, 'Bench ' || i || ' Maths Hub' FROM generate_series(1, 40) i`,
  );
  await query(
    `INSERT INTO hub_areas (hub_id, la_code) SELECT 1 + i % 40, (100 + i)::text FROM generate_series(0, 149) i`,
  );
  await query(`INSERT INTO schools (urn, la_code, name, type_name, status_name, is_open, close_date, phase, is_state_funded, percentage_fsm)
    SELECT 100000 + i, (100 + i % 150)::text, 'Bench School ' || i, 'Community school',
           CASE WHEN i < 1000 THEN 'Closed' ELSE 'Open' END, i >= 1000, CASE WHEN i < 1000 THEN DATE '2019-08-31' END,
           CASE WHEN i % 100 < 77 THEN 'primary' WHEN i % 100 < 93 THEN 'secondary' WHEN i % 100 < 94 THEN 'post_16' ELSE 'special' END,
           true, (i % 50)::numeric
    FROM generate_series(0, 22999) i
    UNION ALL
    SELECT 200000 + i, (100 + i % 150)::text, 'Bench Academy ' || i, 'Academy converter', 'Open', true, NULL,
           CASE WHEN i % 100 < 77 THEN 'primary' WHEN i % 100 < 93 THEN 'secondary' WHEN i % 100 < 94 THEN 'post_16' ELSE 'special' END,
           true, (i % 50)::numeric
    FROM generate_series(0, 999) i`);
  await query(`INSERT INTO school_links (urn, linked_urn, link_type)
    SELECT 100000 + i, 200000 + i, 'Successor' FROM generate_series(0, 999) i
    UNION ALL SELECT 200000 + i, 100000 + i, 'Predecessor' FROM generate_series(0, 999) i`);
  await query(`INSERT INTO ncps (year_code, code, title, strand, phases, type, completes_tfm_stage)
    SELECT y.code, CASE WHEN v.suffix = 'RI' THEN 'RIWG' ELSE 'NCP' END || substr(y.code, 3, 2) || '-' || v.suffix,
           v.title, v.strand, v.phases::text[], v.type, v.stage
    FROM academic_years y CROSS JOIN ${ncpRows}`);
  await query(`INSERT INTO people (email, given_name, family_name)
    SELECT 'person' || i || '@bench.example', 'Bench', 'Person ' || i FROM generate_series(1, 401600) i`);
  // 15,000 activities a year, spread over the year's NCPs and the hubs.
  await query(`INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status)
    SELECT 1 + a % 40, n.id, y.code, CASE WHEN n.type = 'programme' THEN 'programme_cohort' ELSE 'work_group' END,
           'Activity ' || a, 'completed'
    FROM academic_years y
    CROSS JOIN generate_series(0, 14999) a
    JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids FROM ncps WHERE year_code = y.code) ys ON true
    JOIN ncps n ON n.id = ys.ids[1 + a % cardinality(ys.ids)]`);
  // Ten enrolments an activity: people from a pool of 400,000, schools across the register (some by
  // their old URN before conversion).
  await query(`INSERT INTO enrolments (activity_id, person_id, school_urn, status)
    SELECT a.id, 1 + ((a.id::bigint * 10 + k) * 7919) % 400000,
           CASE WHEN (a.id + k) % 97 = 0 THEN 100000 + (a.id + k) % 1000 ELSE 101000 + ((a.id::bigint * 31 + k * 1013) % 23000)::int END,
           CASE WHEN (a.id + k) % 20 = 0 THEN 'withdrawn' ELSE 'completed' END
    FROM hub_activities a CROSS JOIN generate_series(1, 10) k`);
  await query(`INSERT INTO activity_schools (activity_id, school_urn, status)
    SELECT DISTINCT ON (activity_id, school_urn) activity_id, school_urn, status FROM enrolments ORDER BY activity_id, school_urn`);
  await query(`INSERT INTO activity_sessions (activity_id, kind, title, starts_at)
    SELECT a.id, 'trg', 'TRG ' || k, make_date(left(a.year_code, 4)::int, 10, 1) + k * 30
    FROM hub_activities a CROSS JOIN generate_series(1, 7) k WHERE k <= 6 OR a.id % 3 < 2`);
  await query(`INSERT INTO attendance_marks (session_id, enrolment_id, status)
    SELECT s.id, e.id, CASE WHEN (s.id + e.id) % 10 < 8 THEN 'present' WHEN (s.id + e.id) % 10 = 8 THEN 'apologies' ELSE 'absent' END
    FROM activity_sessions s JOIN enrolments e ON e.activity_id = s.activity_id`);
  await query(`INSERT INTO role_assignments (person_id, role, hub_id, starts_on)
    SELECT 400000 + i, 'llme', 1 + i % 40, DATE '2014-09-01' + (i % 3000) FROM generate_series(1, 1600) i`);
  await query(`INSERT INTO accreditations (person_id, kind, awarded_on)
    SELECT 400000 + i, 'mastery_specialist', DATE '2015-07-15' + (i % 3000) FROM generate_series(1, 1600) i WHERE i % 5 < 3`);
  await query(`SET session_replication_role = origin`);
}

/**
 * The annual report for one year (with the previous year's comparison) and the ten-year comparison on
 * a national ten-year dataset, against one sequential scan of the attendance table in the same run
 * (the floor: every figure needs attendance). Rounds alternate so noise hits each alike.
 */
export async function benchReporting(serverUrl: string): Promise<string[]> {
  const database = await benchDatabase(serverUrl, `mh_bench_reporting_${process.pid}`);
  try {
    const client = await database.pool.connect();
    let built = 0;
    try {
      built = await seconds(() => makeNationalDataset((text) => client.query(text)));
    } finally {
      client.release();
    }
    await database.pool.query('VACUUM ANALYZE');
    const counts = (
      await database.pool.query(`SELECT (SELECT count(*) FROM schools)::int AS schools,
        (SELECT count(*) FROM enrolments)::int AS enrolments, (SELECT count(*) FROM attendance_marks)::int AS marks`)
    ).rows[0] as { schools: number; enrolments: number; marks: number };
    const scan = async () => {
      const c = await database.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('SET LOCAL enable_indexscan = off');
        await c.query('SET LOCAL enable_indexonlyscan = off');
        await c.query('SET LOCAL enable_bitmapscan = off');
        await c.query(`SELECT count(*) FILTER (WHERE status = 'present') FROM attendance_marks`);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    // What the reports count is kept by the writes' triggers, which were off for the bulk load above:
    // built once here, as on an upgrade (migration 0046 does the same).
    const build = await seconds(() => database.pool.query('SELECT reporting_rebuild()'));
    await database.pool.query(
      'VACUUM ANALYZE reporting_participation, reporting_school_years, reporting_programme_people',
    );
    // One register of the year: a session's marks, saved again with one mark changed each round.
    const session = (
      await database.pool.query(`SELECT s.id FROM activity_sessions s JOIN hub_activities a ON a.id = s.activity_id
        WHERE a.year_code = '2023/24' ORDER BY s.id LIMIT 1`)
    ).rows[0] as { id: number };
    const saveRegister = () =>
      database.pool.query(
        `UPDATE attendance_marks SET status = CASE WHEN status = 'present' THEN 'absent' ELSE 'present' END,
           marked_at = now()
         WHERE session_id = $1 AND enrolment_id = (SELECT min(enrolment_id) FROM attendance_marks WHERE session_id = $1)`,
        [session.id],
      );
    const times = {
      scan: [] as number[],
      save: [] as number[],
      year: [] as number[],
      trend: [] as number[],
      compared: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      times.scan.push(await seconds(scan));
      // The report right after a change to one register: nothing to refresh first.
      times.save.push(await seconds(saveRegister));
      times.year.push(await seconds(() => buildAnnualReport(database.db, { yearCode: '2023/24' })));
      times.trend.push(await seconds(() => annualTrend(database.db, { toYear: '2023/24', years: 10 })));
      // The national team's comparison (issue 17): every hub and England, made afresh (no page cache).
      times.compared.push(await seconds(() => hubsCompared(database.db, { yearCode: '2023/24' })));
    }
    const floor = median(times.scan);
    const row = (label: string, xs: number[]) =>
      `| ${label} | ${fmt(median(xs))} | ${fmt(median(xs) / floor, 1)} |`;
    return [
      '',
      `## Reporting: the annual report on a national ten-year dataset (${counts.schools.toLocaleString('en-GB')} schools, ${counts.enrolments.toLocaleString('en-GB')} enrolments, ${counts.marks.toLocaleString('en-GB')} attendance marks; built in SQL in ${fmt(built, 0)} s; median of ${rounds})`,
      '',
      '| step | median (s) | ratio to one sequential scan of attendance |',
      '|---|---:|---:|',
      row('one sequential scan of `attendance_marks`', times.scan),
      row(
        'building what the reports count from every record (once: on the upgrade, or after a bulk load with triggers off)',
        [build],
      ),
      row(
        'a register saved (one mark of a 2023/24 session changed; its activity’s participation and the counts kept by the write)',
        times.save,
      ),
      row('national annual report for 2023/24 (with 2022/23 beside it), right after that change', times.year),
      row('ten-year comparison (2014/15 to 2023/24)', times.trend),
      row('hubs compared for 2023/24 (40 hubs side by side with England)', times.compared),
      '',
      `Annual report right after a change to one register vs one sequential scan of attendance: ${fmt(median(times.year) / floor, 2)} × (aim ≤ 3 ×; no refresh: the writes keep the rows it reads).`,
      '',
      `Hubs compared made afresh vs annual report made afresh: ${fmt(median(times.compared) / median(times.year), 2)} × (aim ≤ 3 ×; page cache off: both are computed from the records on every call).`,
    ];
  } finally {
    await database.drop();
  }
}
