import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type DatabaseHandle, withDatabase } from '../../src/platform/database.ts';
// Every test that writes records has the composition root's subscriptions, as the app and CLI do.
import '../../src/subscriptions.ts';

/** A fresh, migrated database for one test file: a clone of the run's template database. */
export async function createTestDatabase(): Promise<
  DatabaseHandle & { name: string; drop(): Promise<void> }
> {
  const serverUrl = inject('testServerUrl');
  const template = inject('templateDatabase');
  const name = `${template.replace('mh_template_', 'mh_test_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  // A test's commits need not wait for the disk (on the machine's server too): it is dropped at the end.
  await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  await admin.end();
  const handle = connect(withDatabase(serverUrl, name), 5);
  return {
    ...handle,
    name,
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
