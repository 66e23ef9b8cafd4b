import type { PgBoss } from 'pg-boss';
import type { Services } from '../../platform/services.ts';
import { applyRetention } from './retention.ts';

/** The pg-boss queue that runs the retention schedule every night at 3am in England. */
export const retentionQueue = 'privacy-retention';
export const RETENTION_CRON = '0 3 * * *';

export interface RetentionWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts the nightly retention job in this process (the web server starts one; pg-boss runs it once). */
export async function startRetentionWorker(
  services: Services,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<RetentionWorker> {
  const boss = await services.queue.start();
  await boss.createQueue(retentionQueue, { retryLimit: 3, retryDelay: 600 });
  await boss.work(
    retentionQueue,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async () => {
      await applyRetention(services.db, services);
    },
  );
  await boss.schedule(retentionQueue, RETENTION_CRON, {}, { tz: 'Europe/London' });
  return {
    boss,
    async stop() {
      await boss.offWork(retentionQueue);
    },
  };
}
