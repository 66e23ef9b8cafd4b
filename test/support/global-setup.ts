import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  connect,
  freePort,
  migrateDatabase,
  startEmbeddedPostgres,
  withDatabase,
} from '../../src/platform/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (database part replaced per test file) and the migrated template database. */
    testServerUrl: string;
    templateDatabase: string;
  }
}

/**
 * Starts (or uses TEST_DATABASE_URL's) PostgreSQL server and migrates a template database that each
 * test file clones. Each project of the run gets its own: their setups share this process, so all
 * state lives in this closure, and the returned function tears it down.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  if (!serverUrl) {
    const port = await freePort();
    dataDir = path.resolve(`.tmp/test-postgres-${project.name}-${port}`);
    rmSync(dataDir, { recursive: true, force: true });
    // A throwaway server: nothing needs to survive a crash, so nothing waits for the disk.
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    serverUrl = embedded.url('postgres');
    stopEmbedded = embedded.stop;
  }
  const adminUrl = serverUrl;
  const template = `mh_template_${process.pid}_${project.name}`;
  await adminQuery(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  });
  const handle = connect(withDatabase(adminUrl, template), 2);
  await migrateDatabase(handle);
  await handle.close();
  project.provide('testServerUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await adminQuery(adminUrl, async (admin) => {
      const leftovers = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
        [template, `${template.replace('mh_template_', 'mh_test_')}%`],
      );
      for (const { datname } of leftovers.rows)
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
    await stopEmbedded?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}

async function adminQuery(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
