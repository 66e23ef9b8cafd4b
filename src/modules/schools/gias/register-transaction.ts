import type pg from 'pg';
import { connectionTransactionRetried, type Database, type Tx } from '../../../platform/database.ts';

/** One register import at a time, so that counts and events describe one file's changes. */
const registerImportLock = 727275;

/**
 * Runs an import in one transaction on one connection: the raw client for COPY (which Drizzle does not
 * offer) and a Drizzle handle on the same connection for everything else. Any error rolls back every
 * change, so a failed import leaves the register exactly as it was. A run that PostgreSQL rolls back to
 * break a deadlock (a register saved, or a school edited, while the import holds rows it needs) is run
 * again from the start (`connectionTransactionRetried`), so the work reads its file afresh each time.
 */
export async function inRegisterTransaction<T>(
  db: Database,
  work: (client: pg.PoolClient, tx: Tx) => Promise<T>,
): Promise<T> {
  return connectionTransactionRetried(db.$client, async (client, tx) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [registerImportLock]);
    // The schools' population counts (migration 0052) are made once, after the last batch, rather than
    // after each of the import's statements (each a tenth to a fifth of a second on a national register).
    await client.query(`SET LOCAL mathshubs.defer_population = 'on'`);
    const result = await work(client, tx);
    await client.query(`SET LOCAL mathshubs.defer_population = 'off'`);
    await client.query('SELECT reporting_population_fill()');
    // Each school's first Teaching for Mastery year (migration 0054) again, if the successions changed.
    await client.query(
      `SELECT reporting_tfm_first_fill() WHERE current_setting('mathshubs.tfm_first_stale', true) = 'on'`,
    );
    return result;
  });
}
