import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.ts';
import { buildApp, buildServices } from '../app.ts';
import { loadConfig } from './config.ts';
import { paths } from './paths.ts';
import type { Services } from './services.ts';

/**
 * The real app with test-only routes that hold a query (pg_sleep) or show the statement timeout their
 * connection runs under, and tiny timeouts set through the configuration.
 */
describe('queries cannot outlive their requests', () => {
  let app: FastifyInstance;
  let services: Services;
  let drop: () => Promise<void>;
  let baseUrl: string;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      QUERY_TIMEOUT_PAGE_SECONDS: '0.4',
      QUERY_TIMEOUT_API_SECONDS: '1.5',
      QUERY_TIMEOUT_REPORT_SECONDS: '7',
      QUERY_TIMEOUT_IMPORT_SECONDS: '0',
    });
    services = buildServices(config, database.db);
    app = await buildApp(services);
    const sleep = async (request: { query: unknown }) => {
      const seconds = Number((request.query as { seconds?: string }).seconds ?? '3');
      await services.db.execute(sql`SELECT pg_sleep(${seconds}) AS slept_for_test`);
      return 'slept';
    };
    const timeout = async () => {
      const { rows } = await services.db.$client.query<{ t: string }>(
        "SELECT current_setting('statement_timeout') AS t",
      );
      return rows[0]!.t;
    };
    app.get('/test/sleep', { config: { access: 'public' } }, sleep);
    app.get('/api/test/sleep', { config: { access: 'public' } }, sleep);
    app.get('/test/timeout', { config: { access: 'public' } }, timeout);
    app.get('/api/test/timeout', { config: { access: 'public' } }, timeout);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  /** Queries of this test database still running, other than the asking one. */
  const running = async () =>
    (
      await services.db.$client.query<{ pid: number; query: string }>(
        `SELECT pid, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
            AND query LIKE '%slept_for_test%'`,
      )
    ).rows;

  it('answers a page whose query runs past the page timeout with a clear 503 page', async () => {
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url: '/test/sleep?seconds=10' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('This page took too long to load');
    expect(response.body).not.toContain('Sorry, there is a problem with the service');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('answers the API with JSON 503, after the API’s own timeout', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/sleep?seconds=10' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'The request took too long and was stopped. Try again later, or ask for less at once.',
      status: 503,
    });
    // Under the API's 1.5 s but over the pages' 0.4 s: the API's timeout applies.
    expect((await app.inject({ method: 'GET', url: '/api/test/sleep?seconds=0.7' })).statusCode).toBe(200);
  });

  it('gives each kind of work its own timeout, and none outside a request', async () => {
    const shown = async (url: string) => (await app.inject({ method: 'GET', url })).body;
    expect(await shown('/test/timeout')).toBe('400ms');
    expect(await shown('/api/test/timeout')).toBe('1500ms');
    expect(await shown('/test/timeout?format=csv')).toBe('7s');
    expect(await shown('/test/timeout')).toBe('400ms');
    // The command line and queued jobs: no timeout, even on a connection a request used.
    for (let i = 0; i < 5; i++) {
      const { rows } = await services.db.$client.query<{ t: string }>(
        "SELECT current_setting('statement_timeout') AS t",
      );
      expect(rows[0]!.t).toBe('0');
    }
  });

  it('answers a real page held up by a lock with the clear message, not a server error', async () => {
    const holder = await services.db.$client.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE hubs IN ACCESS EXCLUSIVE MODE');
      const response = await app.inject({ method: 'GET', url: paths.hubs });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('This page took too long to load');
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect((await app.inject({ method: 'GET', url: paths.hubs })).statusCode).toBe(200);
  });

  it('cancels the query of a request its client abandons', async () => {
    const report = `${baseUrl}/test/sleep?seconds=6&format=csv`; // a report: 7 s, longer than the wait
    const request = http.get(report);
    request.on('error', () => {});
    let seen: Awaited<ReturnType<typeof running>> = [];
    for (let i = 0; i < 50 && seen.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await running();
    }
    expect(seen).toHaveLength(1);
    request.destroy();
    const abandonedAt = performance.now();
    let left = seen;
    while (left.length > 0 && performance.now() - abandonedAt < 3000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await running();
    }
    expect(left).toEqual([]);
    expect(performance.now() - abandonedAt).toBeLessThan(2000);
    // The pool still serves requests afterwards.
    expect((await app.inject({ method: 'GET', url: '/test/sleep?seconds=0' })).body).toBe('slept');
  });
});
