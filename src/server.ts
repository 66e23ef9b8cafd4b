import type { DemoNetwork } from './modules/demo/load-demo.ts';
import { loadConfig } from './platform/config.ts';
import { installFastResolve } from './platform/fast-resolve.ts';

// Before the application's modules are imported below (src/platform/fast-resolve.ts says why).
installFastResolve();

const config = loadConfig();
const startedAt = performance.now();
// PostgreSQL is started (on a first start, its data directory created) and migrated in its own process
// while this one loads the application's modules (about one second of work each); on a first start the
// demonstration's register and people are made meanwhile too.
const { openRuntime } = await import('./platform/runtime.ts');
let network: DemoNetwork | undefined;
const opening = openRuntime(config, {
  whileInitialising: async () => {
    const { buildDemoNetwork } = await import('./modules/demo/load-demo.ts');
    network = buildDemoNetwork();
  },
});
opening.catch(() => {}); // awaited below, once the modules are loaded
const [
  { buildApp, buildServices },
  { scheduleSignInCleanUp },
  { startCommunityJobs },
  { isEmpty, loadDemoData },
  { startEvaluationWorkers },
  { startEventMailWorker },
  { startRetentionWorker },
  { startMailQueue },
  { terminalProgress },
] = await Promise.all([
  import('./app.ts'),
  import('./modules/auth/clean-up.ts'),
  import('./modules/communities/jobs.ts'),
  import('./modules/demo/load-demo.ts'),
  import('./modules/evaluation/jobs.ts'),
  import('./modules/events/mail-jobs.ts'),
  import('./modules/privacy/retention-jobs.ts'),
  import('./platform/mail-queue.ts'),
  import('./platform/progress.ts'),
]);
const runtime = await opening;
const services = buildServices(config, runtime.database.db);
// The app is built, and the job queue (pg-boss in the same PostgreSQL, which runs in the web server and
// stops with the app) started, while a first start loads the demonstration data: that is PostgreSQL's
// work on one connection, and this process waits for it. The server listens once the data is there.
const building = buildApp(services);
const queueStarting = services.queue.start();
building.catch(() => {}); // both awaited below, once the data is loaded
queueStarting.catch(() => {});
if (await isEmpty(services)) {
  process.stderr.write('First start: loading the national demonstration data…\n');
  await loadDemoData(services, terminalProgress(), { network });
}
network = undefined;
const app = await building;
await app.listen({ port: config.PORT, host: config.HOST });
const queue = await queueStarting;
// Event emails and reminders.
await startEventMailWorker(services);
// Every email: outbox rows sent with retries (the email road, docs/adr/0006).
await startMailQueue(queue, services.db, services.mailer);
// The retention schedule (docs/privacy.md), nightly.
await startRetentionWorker(services);
// Evaluation: HAPPI deadline reminders, surveys issued in their windows and their reminders.
await startEvaluationWorkers(services);
// Communities: messages posted at their time (every minute) and the daily digest at 7am.
await startCommunityJobs(services);
// Expired sign-in codes, ended sessions and old rate-limit counts are deleted every 15 minutes.
await scheduleSignInCleanUp(queue, services.db);
process.stderr.write(
  `Maths Hubs Platform running at http://localhost:${config.PORT} (ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s)\n`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close(); // and the queue with it
    await runtime.close();
    process.exit(0);
  });
}
