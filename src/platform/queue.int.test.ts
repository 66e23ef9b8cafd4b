import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/support/test-app.ts';
import { scheduleSignInCleanUp, signInCleanUpQueue } from '../modules/auth/clean-up.ts';
import { queues, startEventMailWorker } from '../modules/events/mail-jobs.ts';
import { retentionQueue, startRetentionWorker } from '../modules/privacy/retention-jobs.ts';

/** The job queue is one service: the web server's workers share it, and it stops with the app. */
describe('the job queue', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is created with the services but not started until a worker needs it', () => {
    expect(t.services.queue.running()).toBeNull();
  });

  it('runs every worker of the web server on one pg-boss, and stops with the app', async () => {
    const boss = await t.services.queue.start();
    expect(await t.services.queue.start()).toBe(boss);
    const mail = await startEventMailWorker(t.services, { pollingIntervalSeconds: 0.5 });
    const retention = await startRetentionWorker(t.services, { pollingIntervalSeconds: 0.5 });
    await scheduleSignInCleanUp(boss, t.db);
    expect(mail.boss).toBe(boss);
    expect(retention.boss).toBe(boss);
    const scheduled = (await boss.getSchedules()).map((s) => s.name).sort();
    expect(scheduled).toEqual(
      [queues.dispatch, queues.reminders, queues.digest, retentionQueue, signInCleanUpQueue].sort(),
    );
    await t.app.close();
    expect(t.services.queue.running()).toBeNull();
  }, 60_000);
});
