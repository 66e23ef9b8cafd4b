import { buildApp, buildServices } from './app.ts';
import { scheduleSignInCleanUp } from './modules/auth/clean-up.ts';
import { isEmpty, loadDemoData } from './modules/demo/load-demo.ts';
import { startEventMailWorker } from './modules/events/mail-jobs.ts';
import { startRetentionWorker } from './modules/privacy/retention-jobs.ts';
import { loadConfig } from './platform/config.ts';
import { startMailQueue } from './platform/mail-queue.ts';
import { terminalProgress } from './platform/progress.ts';
import { openRuntime } from './platform/runtime.ts';

const config = loadConfig();
const startedAt = performance.now();
const runtime = await openRuntime(config);
const services = buildServices(config, runtime.database.db);
if (await isEmpty(services)) {
  process.stderr.write('First start: loading the national demonstration data…\n');
  await loadDemoData(services, terminalProgress());
}
const app = await buildApp(services);
await app.listen({ port: config.PORT, host: config.HOST });
// Event emails and reminders (pg-boss queues in the same PostgreSQL).
const eventMail = await startEventMailWorker(services);
// Every email: outbox rows sent with retries (the email road, docs/adr/0006).
const mailQueue = await startMailQueue(eventMail.boss, services.db, services.mailer);
// The retention schedule (docs/privacy.md), nightly.
const retention = await startRetentionWorker(services);
// Expired sign-in codes, ended sessions and old rate-limit counts are deleted every 15 minutes.
await scheduleSignInCleanUp(eventMail.boss, services.db);
process.stderr.write(
  `Maths Hubs Platform running at http://localhost:${config.PORT} (ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s)\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await mailQueue.stop();
    await eventMail.stop();
    await retention.stop();
    await runtime.close();
    process.exit(0);
  });
}
