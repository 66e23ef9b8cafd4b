import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from './database.ts';

// A first start creates the data directory with initdb, in its own process; the server's own work
// meanwhile (`whileInitialising`, the demonstration network on `npm start`) runs once, then, and never
// on a restart of the same directory.
describe('the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mh-embedded-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('does the work given for the wait while a first start initialises, and not on a restart', async () => {
    const port = await freePort();
    const calls: string[] = [];
    const first = await startEmbeddedPostgres({
      dataDir,
      port,
      whileInitialising: async () => {
        calls.push('first');
      },
    });
    const client = new pg.Client({ connectionString: first.url('postgres') });
    await client.connect();
    const { rows } = await client.query<{ answer: number }>('SELECT 42 AS answer');
    await client.end();
    await first.stop();
    expect(rows[0]!.answer).toBe(42);

    const again = await startEmbeddedPostgres({
      dataDir,
      port,
      whileInitialising: () => {
        calls.push('again');
      },
    });
    await again.stop();
    expect(calls).toEqual(['first']);
  }, 120_000);
});
