import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../database.ts';
import { paths } from '../paths.ts';
import { registerQueryLimits } from '../query-limits.ts';
import { importSlots, reportSlots } from '../upload-limits.ts';

/** Statement timeouts per kind of work (a request's queries are cancelled when its client goes away) and the import slots. */
export function setUpLimits(app: FastifyInstance, config: Config, db: Database): void {
  const seconds = (s: number) => s * 1000;
  const reportRoutes = new Set([
    paths.reports.annual,
    paths.reports.hubsCompared,
    paths.reports.hubDashboard,
    paths.myHub.funnels,
    paths.api.annualReport(),
  ]);
  registerQueryLimits(
    app,
    db.$client,
    {
      page: seconds(config.QUERY_TIMEOUT_PAGE_SECONDS),
      api: seconds(config.QUERY_TIMEOUT_API_SECONDS),
      report: seconds(config.QUERY_TIMEOUT_REPORT_SECONDS),
      import: seconds(config.QUERY_TIMEOUT_IMPORT_SECONDS),
    },
    reportRoutes,
  );
  // Report-sized pages (and the hub's schools) each hold a slot from the start of the request until
  // its answer is sent or its client goes away, also while it waits: a client gone before its turn
  // gives the slot back at once.
  reportSlots.configure(
    2 * Math.max(1, availableParallelism()),
    seconds(config.QUERY_TIMEOUT_REPORT_SECONDS),
    1000,
  );
  const slotted = new Set([...reportRoutes, paths.myHub.schools]);
  app.addHook('onRequest', async (request, reply) => {
    if (!slotted.has(request.routeOptions.url ?? '')) return;
    let release: (() => void) | null = null;
    let closed = false;
    reply.raw.once('close', () => {
      closed = true;
      release?.();
    });
    release = await reportSlots.acquire();
    if (closed) release();
  });
  // Uploaded files read at once (the rest wait their turn, then are told the service is busy).
  const importConcurrency = config.IMPORT_CONCURRENCY ?? Math.max(1, availableParallelism());
  importSlots.configure(importConcurrency, config.IMPORT_WAIT_SECONDS * 1000);
}
