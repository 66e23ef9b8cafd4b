import type { Services } from '../../platform/services.ts';
import { sendHappiReminders } from './happi-reminders.ts';

/** The pg-boss queue that reminds leads of HAPPI deadlines every morning at 7am in England. */
export const happiRemindersQueue = 'happi-reminders';
export const HAPPI_REMINDERS_CRON = '0 7 * * *';

/** The scheduled work of HAPPI forms: the daily reminders of deadlines (sendHappiReminders). */
export async function startHappiJobs(services: Services): Promise<void> {
  const boss = await services.queue.start();
  await boss.createQueue(happiRemindersQueue, { retryLimit: 3, retryDelay: 600 });
  await boss.work(happiRemindersQueue, { pollingIntervalSeconds: 2 }, async () => {
    await sendHappiReminders(services.db, { mailer: services.mailer });
  });
  await boss.schedule(happiRemindersQueue, HAPPI_REMINDERS_CRON, {}, { tz: 'Europe/London' });
}
