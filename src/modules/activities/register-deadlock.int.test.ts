import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilWaiting } from '../../../test/support/lock-waits.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { makeReportScenario } from '../reporting/report-scenario.int-support.ts';
import { markRegister } from './mark-register.ts';

/**
 * A register saved while another transaction holds what the reports' counts of its activity need, and
 * then waits for one of the register's marks: a circle, which PostgreSQL breaks by rolling one of the two
 * back (docs/adr/0011). When it rolls the register back, the save is tried again from the start, and the
 * person's marks are kept rather than lost to an error.
 */
describe('a register saved across a deadlock', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
    await makeReportScenario(t.db);
  });
  afterAll(() => t.close());

  it('is tried again when PostgreSQL rolls it back to break the deadlock, and every mark is saved', async () => {
    const { rows } = await t.db.execute<{ session_id: number; activity_id: number; ids: number[] }>(sql`
      SELECT s.id AS session_id, s.activity_id, array_agg(e.id ORDER BY e.id) AS ids
      FROM activity_sessions s JOIN hub_activities a ON a.id = s.activity_id AND a.status <> 'cancelled'
      JOIN enrolments e ON e.activity_id = s.activity_id AND e.status NOT IN ('withdrawn', 'deferred')
      GROUP BY 1, 2 ORDER BY 1 LIMIT 1`);
    const { session_id: sessionId, activity_id: activityId, ids } = rows[0]!;
    await t.db.execute(sql`DELETE FROM attendance_marks WHERE session_id = ${sessionId}`);

    const other = await t.db.$client.connect();
    try {
      // The other transaction never looks for the deadlock itself: the register's does, and is rolled back.
      await other.query(`SET deadlock_timeout = '10s'`);
      await other.query('BEGIN');
      // As an import working out the same activity's counts holds it.
      await other.query('SELECT pg_advisory_xact_lock(2046, $1)', [activityId]);
      const saving = markRegister(t.db, systemActor('test'), {
        activityId,
        sessionId,
        entries: ids.map((id) => ({ enrolmentId: id, status: 'present', joinedViaEnrolmentId: null })),
      });
      // The register's marks are written; its counts now wait for the other transaction's lock...
      await untilWaiting(t.db.$client, 'advisory', 'the register');
      // ...which writes one of the same marks and waits for the register: a circle. After a second the
      // register's transaction is rolled back, and this write goes through.
      await other.query(
        `INSERT INTO attendance_marks (session_id, enrolment_id, status) VALUES ($1, $2, 'absent')
         ON CONFLICT (session_id, enrolment_id) DO UPDATE SET status = excluded.status`,
        [sessionId, ids[0]],
      );
      await other.query('COMMIT');
      // Tried again from the start, the save marks everyone present, over the other's mark.
      expect(await saving).toMatchObject({ marked: ids.length, present: ids.length });
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      other.release();
    }
    const marks = await t.db.execute<{ status: string }>(
      sql`SELECT status FROM attendance_marks WHERE session_id = ${sessionId}`,
    );
    expect(marks.rows.map((m) => m.status)).toEqual(ids.map(() => 'present'));
    const counted = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM reporting_participation WHERE activity_id = ${activityId} AND took_part`,
    );
    const defined = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM taking_part() WHERE activity_id = ${activityId}`,
    );
    expect(counted.rows[0]!.n).toBe(defined.rows[0]!.n);
  }, 30_000);
});
