import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pg from 'pg';
import { hasDatabaseCode } from './errors.ts';

/**
 * Queries cannot outlive their requests (docs/operations.md).
 *
 * Each request runs in a query scope (AsyncLocalStorage): every connection the pool hands out inside it
 * first gets the statement timeout of the request's kind of work (`SET statement_timeout`, only when
 * the connection's setting differs), and is remembered while it is checked out. When the request's
 * client goes away before the answer is sent, the scope is cancelled: the queries its connections are
 * running are cancelled (`pg_cancel_backend`), those connections are closed rather than returned to the
 * pool, and no further connection is handed out in it. Work outside any request (the command line,
 * queued jobs, migrations) runs without a timeout.
 */

/** The kinds of work, each with its own statement timeout. */
export type Work = 'page' | 'api' | 'report' | 'import';

/** Statement timeouts in milliseconds by kind of work; 0 is none. */
export type QueryTimeouts = Record<Work, number>;

export interface QueryScope {
  readonly work: Work;
  /** statement_timeout in milliseconds; 0 is none. */
  readonly timeoutMs: number;
  /** Set once the request's client has gone. */
  cancelled: boolean;
  /** The connections checked out in this scope now. */
  readonly clients: Set<pg.PoolClient>;
}

const scopes = new AsyncLocalStorage<QueryScope>();

/** Runs `fn` (and everything it starts) in a query scope. */
export const runInQueryScope = <T>(scope: QueryScope, fn: () => T): T => scopes.run(scope, fn);
export const currentQueryScope = (): QueryScope | undefined => scopes.getStore();

export function newQueryScope(work: Work, timeouts: QueryTimeouts): QueryScope {
  return { work, timeoutMs: timeouts[work], cancelled: false, clients: new Set() };
}

/** A query refused because the request it was for has gone. */
export class RequestGoneError extends Error {
  constructor() {
    super('The request has gone: its queries were cancelled');
    this.name = 'RequestGoneError';
  }
}

/** PostgreSQL's query_canceled: a statement timeout or a cancel. */
const QUERY_CANCELED = new Set(['57014']);

/** Whether an error (or what it wraps, as Drizzle does) is a query stopped by its timeout or a cancel. */
export function isQueryStopped(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof RequestGoneError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return hasDatabaseCode(error, QUERY_CANCELED);
}

// What this process last set each connection's statement_timeout to (absent: the server's default).
const timeoutSet = new WeakMap<pg.PoolClient, number>();

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: () => void) => void;

/** The pool: connections handed out in a query scope carry its timeout and are cancelled with it. */
export class ScopedPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    const checkout = this.#checkout(scopes.getStore());
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }

  async #checkout(scope: QueryScope | undefined): Promise<pg.PoolClient> {
    if (scope?.cancelled) throw new RequestGoneError();
    const client = await super.connect();
    const current = timeoutSet.get(client);
    // Outside a request: no timeout, restored only where a request had set one.
    const wanted = scope ? scope.timeoutMs : 0;
    if (current !== wanted && (scope || current !== undefined)) {
      try {
        await client.query(`SET statement_timeout = ${Math.round(wanted)}`);
        timeoutSet.set(client, wanted);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    }
    if (!scope) return client;
    if (scope.cancelled) {
      client.release();
      throw new RequestGoneError();
    }
    scope.clients.add(client);
    const release = client.release;
    client.release = (err?: Error | boolean) => {
      scope.clients.delete(client);
      // A connection whose query may be being cancelled is closed, not handed to another request.
      return release(scope.cancelled ? (err ?? new RequestGoneError()) : err);
    };
    return client;
  }

  /** Cancels a scope: the queries running on its connections now, and any it would start. */
  async cancel(scope: QueryScope): Promise<void> {
    if (scope.cancelled) return;
    scope.cancelled = true;
    const pids = [...scope.clients]
      .map((c) => (c as unknown as { processID: number | null }).processID)
      .filter((pid): pid is number => typeof pid === 'number');
    if (pids.length === 0) return;
    // A connection of its own: the pool may be full of the very queries being cancelled.
    const canceller = new pg.Client(this.options);
    canceller.on('error', () => {});
    try {
      await canceller.connect();
      await canceller.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } finally {
      await canceller.end().catch(() => {});
    }
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    queryScope: QueryScope | null;
  }
}

const downloadFormats = new Set(['csv', 'xlsx', 'pdf']);

/**
 * The kind of work a request is: an upload (multipart) is an import; a download (`?format=csv|xlsx|pdf`)
 * or one of the report pages is a report; else a call of the API or a page.
 */
export function workOf(request: FastifyRequest, reportRoutes: ReadonlySet<string>): Work {
  if (request.isMultipart()) return 'import';
  const format = (request.query as Record<string, unknown> | undefined)?.format;
  if (typeof format === 'string' && downloadFormats.has(format)) return 'report';
  if (reportRoutes.has(request.routeOptions.url ?? '')) return 'report';
  return request.url.startsWith('/api/') ? 'api' : 'page';
}

/**
 * Runs every request in a query scope with its kind's timeout, and cancels its queries if its client
 * goes away before the answer is sent. Register before any hook that queries the database.
 */
export function registerQueryLimits(
  app: FastifyInstance,
  pool: pg.Pool,
  timeouts: QueryTimeouts,
  reportRoutes: ReadonlySet<string>,
): void {
  app.decorateRequest('queryScope', null);
  app.addHook('onRequest', (request, reply, done) => {
    const scope = newQueryScope(workOf(request, reportRoutes), timeouts);
    request.queryScope = scope;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished && pool instanceof ScopedPool) {
        pool.cancel(scope).catch((error) => request.log.warn({ err: error }, 'could not cancel queries'));
      }
    });
    scopes.run(scope, done);
  });
  // A request's body is read in events of its own stream: go back into the request's scope after it.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.queryScope) scopes.run(request.queryScope, done);
    else done();
  });
}
