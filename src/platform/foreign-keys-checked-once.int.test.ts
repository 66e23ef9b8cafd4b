import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { withForeignKeysCheckedOnce } from './foreign-keys-checked-once.ts';

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const keysOf = async (db: TestDatabase, tables: string[]) =>
  (
    await db.pool.query<{ key: string }>(
      `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS key
       FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY ($1::regclass[]) ORDER BY 1`,
      [tables],
    )
  ).rows.map((r) => r.key);

/**
 * The demonstration's bulk load checks the foreign keys of its largest tables once, at the end: the
 * keys come back exactly as the migrations made them, and a row that breaks one still fails the load.
 */
describe('foreign keys checked once over a bulk load', () => {
  let db: TestDatabase;
  const tables = ['attendance_marks', 'enrolments'];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('puts every key back by name with its definition, the rows loaded kept', async () => {
    const before = await keysOf(db, tables);
    expect(before.length).toBeGreaterThanOrEqual(4);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      const seen = await withForeignKeysCheckedOnce(client, tables, async () => {
        // While the work runs, the keys are away (in this transaction only).
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND conrelid = 'attendance_marks'::regclass`,
        );
        return rows[0].n as number;
      });
      await client.query('COMMIT');
      expect(seen).toBe(0);
    } finally {
      client.release();
    }
    expect(await keysOf(db, tables)).toEqual(before);
  });

  it('fails the transaction when a row breaks a key, and leaves the keys and the table as they were', async () => {
    const before = await keysOf(db, tables);
    const client = await db.pool.connect();
    let failure: unknown;
    try {
      await client.query('BEGIN');
      await withForeignKeysCheckedOnce(client, tables, async () => {
        // A mark of a session and an enrolment that do not exist: no check stops it going in.
        await client.query(
          `INSERT INTO attendance_marks (session_id, enrolment_id, status) VALUES (999999, 999999, 'present')`,
        );
      }).catch((error: unknown) => {
        failure = error;
      });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(String(failure)).toMatch(/violates foreign key constraint/);
    expect(await keysOf(db, tables)).toEqual(before);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM attendance_marks');
    expect(rows[0].n).toBe(0);
  });
  it('refuses to run outside a transaction, before dropping anything', async () => {
    const before = await keysOf(db, tables);
    const client = await db.pool.connect();
    let ran = false;
    try {
      await expect(
        withForeignKeysCheckedOnce(client, tables, async () => {
          ran = true;
        }),
      ).rejects.toThrow(/transaction block/);
    } finally {
      client.release();
    }
    expect(ran).toBe(false);
    expect(await keysOf(db, tables)).toEqual(before);
  });
});
