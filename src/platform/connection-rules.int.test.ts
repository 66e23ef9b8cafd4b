import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import * as schema from '../schema.ts';
import { type Executor, readsAtOnce, transactionRetried } from './database.ts';

/**
 * A transaction is one connection, which runs one statement at a time: reads sent to it together
 * (`Promise.all`) were queued by node-postgres 8 with a deprecation warning, and node-postgres 9 refuses
 * them. `readsAtOnce` runs independent reads together on the pool and one after another in a transaction;
 * every integration and browser test refuses a second statement sent to a busy connection
 * (test/support/connection-rules.ts).
 */
describe('one statement at a time on a connection, and no transaction opened inside another', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const backend = sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept`;
  const pidOf = (result: { rows: Record<string, unknown>[] }) => Number(result.rows[0]!.pid);

  it('refuses a statement sent to a connection still running another (the tests’ check is in force)', async () => {
    const client = await database.pool.connect();
    try {
      const first = client.query('SELECT pg_sleep(0.05)');
      expect(() => client.query('SELECT 1')).toThrow(/still running another/);
      await first;
      // Once the first has answered, the connection takes the next.
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      client.release();
    }
  });

  it('reads one after another in a transaction, on its one connection, in order', async () => {
    const [a, b, c] = await database.db.transaction((tx) =>
      readsAtOnce(tx, [() => tx.execute(backend), () => tx.execute(backend), async () => 'third']),
    );
    expect(pidOf(a)).toBe(pidOf(b));
    expect(c).toBe('third');
  });

  it('reads one after another on a handle bound to one connection (an import’s)', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      const one = drizzle(client, { schema }) as unknown as Executor;
      const [a, b] = await readsAtOnce(one, [() => one.execute(backend), () => one.execute(backend)]);
      expect(pidOf(a)).toBe(pidOf(b));
      expect(pidOf(a)).toBe((client as unknown as { processID: number }).processID);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  });

  it('refuses BEGIN on a connection already in a transaction (the tests’ check is in force)', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      expect(() => client.query('BEGIN')).toThrow(/already in a transaction/);
      await client.query('ROLLBACK');
      // Out of the transaction, BEGIN is taken again.
      await client.query('BEGIN');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('runs a retried transaction on a handle bound to one connection as a savepoint of its transaction', async () => {
    await database.pool.query('CREATE TABLE IF NOT EXISTS scratch_rows (n int)');
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      const one = drizzle(client, { schema }) as unknown as Executor;
      await transactionRetried(one, (tx) => tx.execute(sql`INSERT INTO scratch_rows VALUES (1)`));
      // A failed one is undone alone; the import's transaction goes on.
      await expect(
        transactionRetried(one, async (tx) => {
          await tx.execute(sql`INSERT INTO scratch_rows VALUES (2)`);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      // Still the import's transaction: nothing is seen from another connection until it commits.
      expect((await database.pool.query('SELECT count(*)::int AS n FROM scratch_rows')).rows[0].n).toBe(0);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await database.pool.query('SELECT n FROM scratch_rows ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([1]);
  });

  it('reads together on the pool, each on a connection of its own', async () => {
    const [a, b] = await readsAtOnce(database.db, [
      () => database.db.execute(backend),
      () => database.db.execute(backend),
    ]);
    expect(pidOf(a)).not.toBe(pidOf(b));
  });
});
