import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three layers: unit tests (no database), integration tests through the real app on PostgreSQL, and
// browser tests in Debian's Chromium. The database is TEST_DATABASE_URL's server if set, else an
// embedded PostgreSQL started for the run (test/support/global-setup.ts).
export default defineConfig({
  test: {
    // At least two workers, even on two cores: an integration file waits on PostgreSQL and on its
    // queues about half the time, so one worker left a core idle (the integration tests took 9.5
    // minutes on one worker, 5 on two, on the same 2-core machine).
    // At most four: each worker's files open their own pools, within PostgreSQL's 100 connections.
    maxWorkers: Math.min(4, Math.max(2, availableParallelism())),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.browser.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/connection-rules.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // Each worker imports the app once and runs its files one after another: every file still
          // has its own database (a clone of the template) and its own app, and no test mocks a module
          // or changes the environment. Importing the app afresh for each file took half the time.
          isolate: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/connection-rules.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
          // After the unit and integration tests (a project of one worker runs in its own group).
          sequence: { groupOrder: 1 },
          // One worker runs the files one after another; it imports the app once (as the integration
          // project does), and each file still starts its own server, database and browser.
          isolate: false,
        },
      },
    ],
  },
});
