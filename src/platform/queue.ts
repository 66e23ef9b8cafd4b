import { PgBoss } from 'pg-boss';
import type { Database } from './database.ts';

/**
 * The job queue (pg-boss in the same PostgreSQL): one per process, a service like the database and the
 * mailer. It is created with the services but started only where jobs are worked (the web server, and
 * the tests that need it); it stops with the app.
 */
export interface Queue {
  /** Starts pg-boss on first call (later calls get the same one). */
  start(): Promise<PgBoss>;
  /** pg-boss if this process started it, else null (a change can then leave its job to the schedule). */
  running(): PgBoss | null;
  /** Stops pg-boss, letting jobs under way finish (5 seconds at most); nothing if it never started. */
  stop(): Promise<void>;
}

export function createQueue(db: Database): Queue {
  let boss: PgBoss | null = null;
  let starting: Promise<PgBoss> | null = null;
  return {
    start() {
      starting ??= (async () => {
        const connectionString = (db.$client as unknown as { options: { connectionString: string } }).options
          .connectionString;
        const started = new PgBoss({ connectionString, max: 5, application_name: 'mathshubs-queue' });
        started.on('error', () => {
          // pg-boss reports connection problems here and recovers by itself; jobs are retried.
        });
        await started.start();
        boss = started;
        return started;
      })();
      return starting;
    },
    running: () => boss,
    async stop() {
      const stopping = starting;
      boss = null;
      starting = null;
      if (stopping) await (await stopping).stop({ graceful: true, timeout: 5000 });
    },
  };
}
