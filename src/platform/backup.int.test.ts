import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { createTestApp, type TestContext } from '../../test/support/test-app.ts';
import { loadDemoData } from '../modules/demo/load-demo.ts';
import { backupDatabase, toolMajorVersion } from './backup.ts';
import { readBackupManifest } from './backup-file.ts';
import { silentProgress } from './progress.ts';
import { restoreDatabase } from './restore.ts';

// A backup and restore round trip of the whole demonstration network (every table, four years of
// delivery), with the platform's own backup (the embedded PostgreSQL ships no pg_dump).

const root = path.resolve(import.meta.dirname, '../..');

/** Every public table's row count and a checksum of its rows, and every sequence's value. */
async function fingerprint(pool: pg.Pool): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query<{ n: string; sum: string | null }>(
      `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum FROM "${name}" t`,
    );
    result[name] = `${rows[0]!.n} ${rows[0]!.sum}`;
  }
  const { rows: sequences } = await pool.query<{ name: string; value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'`,
  );
  for (const s of sequences) result[`sequence ${s.name}`] = String(s.value);
  return result;
}

/** The header of an uncompressed backup file, read at once. */
const readBackupManifestSync = (file: string) => readFileSync(file, 'utf8').split('\n', 2)[1]!;

describe('backup and restore', () => {
  let t: TestContext;
  let dir: string;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mh-backup-'));
    t = await createTestApp();
    await loadDemoData(t.services, silentProgress, { today: '2024-08-31' });
    // Names beyond ASCII in many rows: characters split between two chunks of the file come back whole.
    await t.db.$client.query(
      `INSERT INTO people (email, given_name, family_name)
       SELECT 'multibyte' || g || '@example.org', 'Zoë', 'Ñandú-Łukasz ' || repeat('é😀', g % 7)
       FROM generate_series(1, 20000) g`,
    );
    target = await createTestDatabase();
  }, 300_000);
  afterAll(async () => {
    await target?.drop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores the demonstration network into a new database: every table, row and sequence the same', async () => {
    const file = path.join(dir, 'demo.backup.gz');
    const backup = await backupDatabase(t.db.$client, file);
    const manifest = await readBackupManifest(file);
    expect(manifest.tables.length).toBeGreaterThan(40);
    expect(backup.rows).toBe(manifest.tables.reduce((sum, table) => sum + table.rows, 0));
    expect(backup.rows).toBeGreaterThan(100_000);
    expect(statSync(file).size).toBe(backup.bytes);
    // A backup never overwrites a file.
    await expect(backupDatabase(t.db.$client, file)).rejects.toThrow('already exists');

    const restored = await restoreDatabase(target.pool, file);
    expect(restored).toEqual({ tables: manifest.tables.length, rows: backup.rows });
    const before = await fingerprint(t.db.$client);
    const after = await fingerprint(target.pool);
    expect(after).toEqual(before);
    expect(Number(before.people!.split(' ')[0])).toBeGreaterThan(100);

    // The restored database works: a new row takes the next id, not one already used.
    const { rows } = await target.pool.query<{ id: number }>(
      `INSERT INTO hubs (slug, name) SELECT 'restored-hub', 'Restored Maths Hub' RETURNING id`,
    );
    const { rows: max } = await t.db.$client.query<{ id: number }>('SELECT max(id) AS id FROM hubs');
    expect(rows[0]!.id).toBeGreaterThan(max[0]!.id);
  }, 300_000);

  it('refuses a database that holds records unless forced, and replaces everything when forced', async () => {
    const file = path.join(dir, 'demo-2.backup');
    await backupDatabase(t.db.$client, file);
    await expect(restoreDatabase(target.pool, file)).rejects.toThrow('The database is not empty');
    await restoreDatabase(target.pool, file, { force: true });
    expect(await fingerprint(target.pool)).toEqual(await fingerprint(t.db.$client));
  }, 300_000);

  it('the command line backs up and restores, and exits 1 when it refuses', () => {
    const file = path.join(dir, 'cli.backup');
    const run = (args: string[], databaseUrl: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
        encoding: 'utf8',
      });
    const backup = run(['backup', file], target.url);
    expect(backup.stderr).toContain('Backed up');
    expect(backup.status).toBe(0);
    const refused = run(['restore', file], t.services.config.DATABASE_URL!);
    expect(refused.stderr).toContain('The database is not empty');
    expect(refused.status).toBe(1);
    // The machine's pg_dump only when it is at least the server's version (Debian 12 has 15; the
    // embedded server is 18), else a clear explanation.
    const server = Number(/PostgreSQL (\d+)/.exec(readBackupManifestSync(file))?.[1]);
    const tool = toolMajorVersion('pg_dump');
    const pgDump = run(['backup', path.join(dir, 'cli.pgdump'), '--pg-dump'], target.url);
    if (tool === null || tool < server) {
      expect(pgDump.stderr).toMatch(/pg_dump|PostgreSQL/);
      expect(pgDump.stderr).toContain("Leave out --pg-dump to use the platform's own backup");
      expect(pgDump.status).toBe(1);
    } else {
      expect(pgDump.status).toBe(0);
      const archive = run(['restore', path.join(dir, 'cli.pgdump')], target.url);
      expect(archive.stderr).toContain('is a pg_dump archive');
      expect(archive.status).toBe(1);
    }
    const notABackup = run(['restore', path.join(root, 'package.json')], target.url);
    expect(notABackup.stderr).toContain('is not a backup made by `mathshubs backup`');
    expect(notABackup.status).toBe(1);
  }, 300_000);
});
