import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Database, Tx } from '../../../platform/database.ts';
import * as schema from '../../../schema.ts';

/** One register import at a time, so that counts and events describe one file's changes. */
const registerImportLock = 727275;

/**
 * Runs an import in one transaction on one connection: the raw client for COPY (which Drizzle does not
 * offer) and a Drizzle handle on the same connection for everything else. Any error rolls back every
 * change, so a failed import leaves the register exactly as it was.
 */
export async function inRegisterTransaction<T>(
  db: Database,
  work: (client: pg.PoolClient, tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [registerImportLock]);
    // The schools' population counts (migration 0052) are made once, after the last batch, rather than
    // after each of the import's statements (each a tenth to a fifth of a second on a national register).
    await client.query(`SET LOCAL mathshubs.defer_population = 'on'`);
    // The same query API as a Drizzle transaction, bound to this connection inside BEGIN … COMMIT.
    const tx = drizzle(client, { schema }) as unknown as Tx;
    const result = await work(client, tx);
    await client.query(`SET LOCAL mathshubs.defer_population = 'off'`);
    await client.query('SELECT reporting_population_fill()');
    // Each school's first Teaching for Mastery year (migration 0054) again, if the successions changed.
    await client.query(
      `SELECT reporting_tfm_first_fill() WHERE current_setting('mathshubs.tfm_first_stale', true) = 'on'`,
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
