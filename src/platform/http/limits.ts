import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../database.ts';
import { paths } from '../paths.ts';
import { registerQueryLimits } from '../query-limits.ts';
import { importSlots } from '../upload-limits.ts';

/** Statement timeouts per kind of work (a request's queries are cancelled when its client goes away) and the import slots. */
export function setUpLimits(app: FastifyInstance, config: Config, db: Database): void {
  const seconds = (s: number) => s * 1000;
  registerQueryLimits(
    app,
    db.$client,
    {
      page: seconds(config.QUERY_TIMEOUT_PAGE_SECONDS),
      api: seconds(config.QUERY_TIMEOUT_API_SECONDS),
      report: seconds(config.QUERY_TIMEOUT_REPORT_SECONDS),
      import: seconds(config.QUERY_TIMEOUT_IMPORT_SECONDS),
    },
    new Set([
      paths.reports.annual,
      paths.reports.hubsCompared,
      paths.reports.hubDashboard,
      paths.myHub.funnels,
      paths.api.annualReport(),
    ]),
  );
  // Uploaded files read at once (the rest wait their turn, then are told the service is busy).
  const importConcurrency = config.IMPORT_CONCURRENCY ?? Math.max(1, availableParallelism());
  importSlots.configure(importConcurrency, config.IMPORT_WAIT_SECONDS * 1000);
}
