import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { type Executor, onOneConnection } from './database.ts';

const dialect = new PgDialect();
const names = new Map<string, string>();

/**
 * The rows of a read that runs on most requests (the signed-in person, a hub's activity list), as a named
 * prepared statement: each pooled connection parses and plans it once, and PostgreSQL keeps a generic
 * plan when it is as good, instead of planning it again on every request (a few milliseconds for the
 * activity list). Inside a transaction it runs as an ordinary statement. Give it a fixed text: values
 * go in as parameters (arrays as one parameter), so that one text is prepared once.
 */
export async function preparedRows<Row extends Record<string, unknown>>(
  db: Executor,
  query: SQL,
): Promise<Row[]> {
  if (onOneConnection(db)) return (await db.execute<Row>(query)).rows as Row[];
  const pool = (db as { $client: pg.Pool }).$client;
  const { sql: text, params } = dialect.sqlToQuery(query);
  let name = names.get(text);
  if (!name) {
    name = `mh_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return (await pool.query<Row>({ name, text, values: params })).rows;
}
