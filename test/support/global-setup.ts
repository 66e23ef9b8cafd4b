import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import {
  connect,
  type EmbeddedServer,
  migrateDatabase,
  startEmbeddedPostgres,
} from '../../src/platform/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (database part replaced per test file) and the migrated template database. */
    testServerUrl: string;
    templateDatabase: string;
  }
}

let embedded: EmbeddedServer | null = null;
let dataDir: string | null = null;
let adminUrl = '';
let template = '';

/** Starts (or uses) a PostgreSQL server and migrates a template database that each test file clones. */
export async function setup(project: TestProject): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330 + (process.pid % 500));
    dataDir = path.resolve(`.tmp/test-postgres-${port}`);
    rmSync(dataDir, { recursive: true, force: true });
    embedded = await startEmbeddedPostgres({ dataDir, port });
    serverUrl = embedded.url('postgres');
  }
  adminUrl = serverUrl;
  template = `mh_template_${process.pid}_${project.name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const handle = connect(withDatabase(adminUrl, template), 2);
  await migrateDatabase(handle);
  await handle.close();
  project.provide('testServerUrl', adminUrl);
  project.provide('templateDatabase', template);
}

export async function teardown(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const leftovers = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
    [template, `${template.replace('mh_template_', 'mh_test_')}%`],
  );
  for (const { datname } of leftovers.rows)
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
