import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { annualFigures } from './annual-figures.ts';
import { TFM_FIRST_YEAR } from './figure-definitions.ts';
import { makeReportScenario } from './report-scenario.int-support.ts';

/**
 * The reports read what the writes keep (migration 0046): participation rows equal to `taking_part()`
 * and the enrolments, and counts by school and year and by programme participant. No report refreshes
 * anything first. Every kind of write that can change them is made here, and after each every kept
 * table must equal the same computed afresh from the records.
 */
describe('what the reports count, kept by the writes', () => {
  let t: TestContext;

  /**
   * Rows in one and not the other, both ways, of each kept table against the same computed afresh from
   * the records (0 when they agree): participation against `reporting_participation_of` every activity,
   * its took-part rows against `taking_part()`, and the counts against the participation rows.
   */
  const difference = async () => {
    const r = await t.db.execute<{ missing: number; extra: number; rows: number; tfm_schools: number }>(sql`
      WITH kept AS (SELECT * FROM reporting_participation),
      fresh AS (SELECT * FROM reporting_participation_of(ARRAY(SELECT id FROM hub_activities))),
      kept_tp AS (SELECT enrolment_id, activity_id, person_id, school_urn, year_code, hub_id FROM kept WHERE took_part),
      defined_tp AS (SELECT enrolment_id, activity_id, person_id, school_urn, year_code, hub_id FROM taking_part()),
      kept_sy AS (SELECT year_code, urn, took_part, post_16, tfm_1, tfm_2, tfm_3, tfm_4, mastering_number_ks2,
                    mastering_number_reception_ks1, riwg FROM reporting_school_years WHERE took_part <> 0),
      fresh_sy AS (SELECT year_code, school_urn, count(*)::int, (count(*) FILTER (WHERE post_16))::int,
                     (count(*) FILTER (WHERE tfm_rank = 1))::int, (count(*) FILTER (WHERE tfm_rank = 2))::int,
                     (count(*) FILTER (WHERE tfm_rank = 3))::int, (count(*) FILTER (WHERE tfm_rank = 4))::int,
                     (count(*) FILTER (WHERE mastering_number = 'ks2'))::int,
                     (count(*) FILTER (WHERE mastering_number = 'reception_ks1'))::int, (count(*) FILTER (WHERE riwg))::int
                   FROM kept WHERE took_part AND school_urn IS NOT NULL GROUP BY 1, 2),
      kept_pp AS (SELECT year_code, ncp_year_code, strand, person_id, hub_id, active, took_part
                  FROM reporting_programme_people WHERE active <> 0 OR took_part <> 0),
      fresh_pp AS (SELECT year_code, ncp_year_code, strand, person_id, hub_id,
                     (count(*) FILTER (WHERE active))::int, (count(*) FILTER (WHERE took_part))::int
                   FROM kept WHERE person_id IS NOT NULL AND strand IS NOT NULL AND ncp_year_code IS NOT NULL
                   GROUP BY 1, 2, 3, 4, 5
                   HAVING count(*) FILTER (WHERE active) > 0 OR count(*) FILTER (WHERE took_part) > 0),
      -- Each current school's first year in Teaching for Mastery (migration 0054), from the definition:
      -- the earliest year from 2015/16 that any school of its succession took part in a TfM Work Group.
      kept_tf AS (SELECT urn, first_year FROM reporting_tfm_first),
      fresh_tf AS (SELECT coalesce(sc.current_urn, p.school_urn), min(p.year_code)
                   FROM fresh p LEFT JOIN school_successions sc ON sc.urn = p.school_urn
                   WHERE p.took_part AND p.tfm_rank IS NOT NULL AND p.school_urn IS NOT NULL
                     AND p.year_code >= ${TFM_FIRST_YEAR}
                   GROUP BY 1)
      SELECT ((SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) x)
            + (SELECT count(*) FROM (SELECT * FROM defined_tp EXCEPT ALL SELECT * FROM kept_tp) x)
            + (SELECT count(*) FROM (SELECT * FROM fresh_sy EXCEPT ALL SELECT * FROM kept_sy) x)
            + (SELECT count(*) FROM (SELECT * FROM fresh_pp EXCEPT ALL SELECT * FROM kept_pp) x)
            + (SELECT count(*) FROM (SELECT * FROM fresh_tf EXCEPT ALL SELECT * FROM kept_tf) x))::int AS missing,
             ((SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) x)
            + (SELECT count(*) FROM (SELECT * FROM kept_tp EXCEPT ALL SELECT * FROM defined_tp) x)
            + (SELECT count(*) FROM (SELECT * FROM kept_sy EXCEPT ALL SELECT * FROM fresh_sy) x)
            + (SELECT count(*) FROM (SELECT * FROM kept_pp EXCEPT ALL SELECT * FROM fresh_pp) x)
            + (SELECT count(*) FROM (SELECT * FROM kept_tf EXCEPT ALL SELECT * FROM fresh_tf) x))::int AS extra,
             (SELECT count(*) FROM kept_tp)::int AS rows,
             (SELECT count(*) FROM kept_tf)::int AS tfm_schools`);
    return r.rows[0]!;
  };
  const one = async <T>(query: ReturnType<typeof sql>) =>
    (await t.db.execute<T & Record<string, unknown>>(query)).rows[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    await makeReportScenario(t.db);
  });
  afterAll(() => t.close());

  it('holds every row of taking part once the records are made', async () => {
    const d = await difference();
    expect(d.rows).toBeGreaterThan(5);
    expect(d.tfm_schools).toBeGreaterThan(1);
    expect([d.missing, d.extra]).toEqual([0, 0]);
  });

  it('follows a mark changed, added and removed', async () => {
    const mark = await one<{ session_id: number; enrolment_id: number }>(
      sql`SELECT session_id, enrolment_id FROM attendance_marks WHERE status = 'present' ORDER BY 1, 2 LIMIT 1`,
    );
    await t.db.execute(
      sql`UPDATE attendance_marks SET status = 'absent' WHERE session_id = ${mark.session_id} AND enrolment_id = ${mark.enrolment_id}`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    await t.db.execute(
      sql`DELETE FROM attendance_marks WHERE session_id = ${mark.session_id} AND enrolment_id = ${mark.enrolment_id}`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    await t.db.execute(
      sql`INSERT INTO attendance_marks (session_id, enrolment_id, status) VALUES (${mark.session_id}, ${mark.enrolment_id}, 'present')`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
  });

  it('follows enrolments completed, moved to another school, and removed with their marks', async () => {
    const e = await one<{ id: number }>(
      sql`SELECT e.id FROM enrolments e WHERE e.status <> 'completed'
          AND NOT EXISTS (SELECT 1 FROM attendance_marks m WHERE m.enrolment_id = e.id AND m.status = 'present')
          ORDER BY e.id LIMIT 1`,
    );
    const before = (await difference()).rows;
    await t.db.execute(sql`UPDATE enrolments SET status = 'completed' WHERE id = ${e.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0, rows: before + 1 });
    const urn = await one<{ urn: number }>(sql`SELECT urn FROM schools ORDER BY urn DESC LIMIT 1`);
    await t.db.execute(sql`UPDATE enrolments SET school_urn = ${urn.urn} WHERE id = ${e.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const attended = await one<{ id: number }>(
      sql`SELECT e.id FROM enrolments e JOIN attendance_marks m ON m.enrolment_id = e.id AND m.status = 'present'
          ORDER BY e.id LIMIT 1`,
    );
    await t.db.execute(sql`DELETE FROM attendance_marks WHERE enrolment_id = ${attended.id}`);
    await t.db.execute(sql`DELETE FROM enrolments WHERE id = ${attended.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
  });

  it('follows a school’s completion recorded, an activity moved to another year and hub, and a session removed', async () => {
    const x = await one<{ id: number }>(
      sql`SELECT id FROM activity_schools WHERE status <> 'completed' ORDER BY id LIMIT 1`,
    );
    await t.db.execute(sql`UPDATE activity_schools SET status = 'completed' WHERE id = ${x.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const a = await one<{ id: number; hub_id: number }>(
      sql`SELECT activity_id AS id, hub_id FROM reporting_participation WHERE took_part ORDER BY activity_id LIMIT 1`,
    );
    const otherHub = await one<{ id: number }>(
      sql`SELECT id FROM hubs WHERE id <> ${a.hub_id} ORDER BY id LIMIT 1`,
    );
    await t.db.execute(
      sql`UPDATE hub_activities SET year_code = '2022/23', hub_id = ${otherHub.id} WHERE id = ${a.id}`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const s = await one<{ id: number }>(
      sql`SELECT s.id FROM activity_sessions s JOIN attendance_marks m ON m.session_id = s.id AND m.status = 'present'
          ORDER BY s.id LIMIT 1`,
    );
    await t.db.execute(sql`DELETE FROM attendance_marks WHERE session_id = ${s.id}`);
    await t.db.execute(sql`DELETE FROM activity_sessions WHERE id = ${s.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
  });

  it('follows an NCP renamed into Mastering Number, and a programme participant withdrawn', async () => {
    const ncp = await one<{ id: number }>(
      sql`SELECT n.id FROM ncps n JOIN hub_activities a ON a.ncp_id = n.id
          JOIN reporting_participation p ON p.activity_id = a.id AND p.took_part AND p.school_urn IS NOT NULL
          WHERE mastering_number_programme(n.title, n.strand) IS NULL ORDER BY n.id LIMIT 1`,
    );
    await t.db.execute(
      sql`UPDATE ncps SET title = 'Mastering Number at KS2 Work Groups' WHERE id = ${ncp.id}`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const e = await one<{ id: number }>(
      sql`SELECT enrolment_id AS id FROM reporting_participation WHERE strand IS NOT NULL AND active
          AND enrolment_id IS NOT NULL ORDER BY enrolment_id LIMIT 1`,
    );
    await t.db.execute(sql`UPDATE enrolments SET status = 'withdrawn' WHERE id = ${e.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
  });

  it('follows a school’s first Teaching for Mastery year through a succession made and undone', async () => {
    // Two schools in TfM in different years: the later one becomes the earlier one's successor.
    const [early, late] = (
      await t.db.execute<{ urn: number; first_year: string }>(
        sql`SELECT DISTINCT ON (first_year) urn, first_year FROM reporting_tfm_first ORDER BY first_year, urn`,
      )
    ).rows;
    expect(late, 'schools in TfM in two years').toBeDefined();
    await t.db.execute(
      sql`INSERT INTO school_links (urn, linked_urn, link_type, link_name) VALUES (${early!.urn}, ${late!.urn}, 'Successor', '')`,
    );
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const first = async (urn: number) =>
      (
        await t.db.execute<{ first_year: string }>(
          sql`SELECT first_year FROM reporting_tfm_first WHERE urn = ${urn}`,
        )
      ).rows[0]?.first_year;
    expect(await first(late!.urn)).toBe(early!.first_year);
    expect(await first(early!.urn)).toBeUndefined();
    await t.db.execute(sql`DELETE FROM school_links WHERE urn = ${early!.urn} AND linked_urn = ${late!.urn}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    expect(await first(late!.urn)).toBe(late!.first_year);
  });

  it('follows a school’s first TfM year moved earlier and back by an enrolment in another year', async () => {
    // A school whose first TfM year is later than another TfM activity's year: one of its teachers
    // takes part in that earlier activity, then the enrolment is removed.
    const r = await one<{ urn: number; first_year: string; activity_id: number; year_code: string }>(sql`
      SELECT f.urn, f.first_year, a.id AS activity_id, a.year_code
      FROM reporting_tfm_first f
      JOIN reporting_participation p ON p.took_part AND p.tfm_rank IS NOT NULL AND p.year_code < f.first_year
        AND p.year_code >= ${TFM_FIRST_YEAR}
      JOIN hub_activities a ON a.id = p.activity_id
      ORDER BY f.urn, a.id LIMIT 1`);
    const person = await one<{ id: number }>(sql`INSERT INTO people (email, given_name, family_name)
      VALUES ('earlier@example.org', 'Early', 'Starter') RETURNING id`);
    const e = await one<{
      id: number;
    }>(sql`INSERT INTO enrolments (activity_id, person_id, school_urn, status)
      VALUES (${r.activity_id}, ${person.id}, ${r.urn}, 'completed') RETURNING id`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const now = await one<{ first_year: string }>(
      sql`SELECT first_year FROM reporting_tfm_first WHERE urn = ${r.urn}`,
    );
    expect(now.first_year).toBe(r.year_code);
    await t.db.execute(sql`DELETE FROM enrolments WHERE id = ${e.id}`);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
    const back = await one<{ first_year: string }>(
      sql`SELECT first_year FROM reporting_tfm_first WHERE urn = ${r.urn}`,
    );
    expect(back.first_year).toBe(r.first_year);
  });

  it('gives the same figures as taking part read straight from the records', async () => {
    const kept = await annualFigures(t.db, { fromYear: '2022/23', toYear: '2023/24' });
    // The same report with everything kept rebuilt from the records from scratch.
    await t.db.execute(sql`SELECT reporting_rebuild()`);
    expect(await annualFigures(t.db, { fromYear: '2022/23', toYear: '2023/24' })).toEqual(kept);
  });

  it('two writers of one activity at once: the second waits for the first and counts both', async () => {
    // Two new participants of one activity with a session, neither present yet.
    const session = await one<{ id: number; activity_id: number }>(
      sql`SELECT id, activity_id FROM activity_sessions ORDER BY id LIMIT 1`,
    );
    const enrol = async (n: number) => {
      const person = await one<{ id: number }>(sql`INSERT INTO people (email, given_name, family_name)
        VALUES (${`writer${n}@example.org`}, 'Writer', ${`Number ${n}`}) RETURNING id`);
      const e = await one<{ id: number }>(sql`INSERT INTO enrolments (activity_id, person_id, status)
        VALUES (${session.activity_id}, ${person.id}, 'registered') RETURNING id`);
      return { session_id: session.id, enrolment_id: e.id };
    };
    const first = await enrol(1);
    const second = await enrol(2);
    const pool = t.db.$client;
    const a = await pool.connect();
    const b = await pool.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(
        `INSERT INTO attendance_marks (session_id, enrolment_id, status) VALUES ($1, $2, 'present')`,
        [first.session_id, first.enrolment_id],
      );
      // The second writer's statement waits on the first's lock of the activity's rows...
      const late = b.query(
        `INSERT INTO attendance_marks (session_id, enrolment_id, status) VALUES ($1, $2, 'present')`,
        [second.session_id, second.enrolment_id],
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await a.query('COMMIT');
      // ...and, once it has committed, recomputes the activity with both marks.
      await late;
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
    const kept = await t.db.execute<{ enrolment_id: number }>(
      sql`SELECT enrolment_id FROM reporting_participation WHERE took_part AND enrolment_id IN (${first.enrolment_id}, ${second.enrolment_id})`,
    );
    expect(kept.rows).toHaveLength(2);
    expect(await difference()).toMatchObject({ missing: 0, extra: 0 });
  });

  it('rebuilds everything after a TRUNCATE, even one that names the kept tables too (last: it empties the registers)', async () => {
    await t.db.execute(sql`TRUNCATE attendance_marks, reporting_participation, reporting_school_years`);
    const d = await difference();
    expect([d.missing, d.extra]).toEqual([0, 0]);
    const left = await one<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM reporting_participation WHERE took_part`,
    );
    const completed = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM taking_part()`);
    expect(left.n).toBe(completed.n);
  });
});
