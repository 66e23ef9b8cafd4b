import pg from 'pg';

/**
 * Runs a bulk load into these tables with their foreign keys checked once, over every row, at the end,
 * instead of row by row as each row is inserted: PostgreSQL's own advice for populating a database
 * ("Remove Foreign Key Constraints": the check of a whole table at once is a join, the checks of each
 * row are as many index look-ups). Each foreign key of the tables is dropped, the work runs, and the key
 * is added again by name with its same definition, which checks every row: a row that breaks it fails
 * the caller's transaction as the row's own check would have.
 *
 * Runs only inside the caller's transaction (the keys are never missing for anyone else: the tables are
 * locked until it ends); outside one it refuses before touching anything. For loads into tables nobody
 * else is writing (the first start's demonstration).
 */
export async function withForeignKeysCheckedOnce<T>(
  client: pg.ClientBase,
  tables: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  // Refused outside a transaction block ("SAVEPOINT can only be used in transaction blocks"): there, a
  // failure part-way would leave the keys dropped for good.
  await client.query('SAVEPOINT foreign_keys_checked_once');
  const { rows: keys } = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name,
            pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid = ANY ($1::regclass[])
     ORDER BY c.conrelid, c.conname`,
    [tables],
  );
  for (const key of keys)
    await client.query(`ALTER TABLE ${key.table_name} DROP CONSTRAINT ${pg.escapeIdentifier(key.name)}`);
  const result = await work();
  for (const key of keys)
    await client.query(
      `ALTER TABLE ${key.table_name} ADD CONSTRAINT ${pg.escapeIdentifier(key.name)} ${key.definition}`,
    );
  await client.query('RELEASE SAVEPOINT foreign_keys_checked_once');
  return result;
}
