import pg from 'pg';

/**
 * One statement at a time on a connection. A transaction is one connection: statements sent to it at
 * once (`Promise.all` over a transaction's executor) are queued by node-postgres 8 with a deprecation
 * warning, and refused by node-postgres 9. Every integration and browser test runs with this check
 * (vitest.config.ts `setupFiles`): a statement sent while another is still running on the same
 * connection throws here, with the caller's stack, instead of a warning printed once per process.
 * Pipeline mode, where a client is made to send several at once, is left alone.
 */
type Internals = { _activeQuery?: unknown; _queryQueue?: unknown[]; pipeline?: boolean };
const marker = Symbol.for('mathshubs.oneQueryAtATime');
const proto = pg.Client.prototype as unknown as Record<symbol, boolean> & {
  query: (...args: unknown[]) => unknown;
};
if (!proto[marker]) {
  proto[marker] = true;
  const query = proto.query;
  proto.query = function (this: Internals, ...args: unknown[]) {
    if (!this.pipeline && (this._activeQuery || (this._queryQueue?.length ?? 0) > 0)) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const error = new Error(
        `A statement was sent on a connection that is still running another (one statement at a time on a transaction; no Promise.all over it): ${text.replace(/\s+/g, ' ').slice(0, 120)}`,
      );
      // Also on stderr: a page turns the error into a 500 whose log the test may not show.
      process.stderr.write(`${error.stack}\n`);
      throw error;
    }
    return query.apply(this, args);
  };
}
