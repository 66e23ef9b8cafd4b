import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  appliedMigrations,
  fileLines,
  isGzip,
  qualified,
  readBackupManifest,
  tablesInDependencyOrder,
  write,
} from './backup-file.ts';
import { ConflictError, DomainError } from './errors.ts';
import { type Progress, silentProgress } from './progress.ts';

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
