import pg from 'pg';

/**
 * Two rules of a connection that node-postgres does not enforce, checked in every integration and
 * browser test (vitest.config.ts `setupFiles`). Each throws here, with the caller's stack, and writes it
 * to stderr too (a page turns the error into a 500 whose log the test may not show).
 *
 * - One statement at a time. A transaction is one connection: statements sent to it together
 *   (`Promise.all` over a transaction's executor) are queued by node-postgres 8 with a deprecation
 *   warning printed once a process, and refused by node-postgres 9. `readsAtOnce` is the way.
 * - No BEGIN inside a transaction. A use case that opens `db.transaction` on a Drizzle handle bound to
 *   one connection already inside BEGIN (an import's, `connectionTransactionRetried`) would send BEGIN
 *   again: PostgreSQL only warns, and the use case's COMMIT would end the import's transaction half way.
 *
 * Pipeline mode, where a client is made to send several statements at once, is left alone.
 */
type Internals = { _activeQuery?: unknown; _queryQueue?: unknown[]; pipeline?: boolean; _txStatus?: string };
const marker = Symbol.for('mathshubs.connectionRules');
const proto = pg.Client.prototype as unknown as Record<symbol, boolean> & {
  query: (...args: unknown[]) => unknown;
};

function refuse(message: string, text: string): never {
  const error = new Error(`${message}: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
  process.stderr.write(`${error.stack}\n`);
  throw error;
}

if (!proto[marker]) {
  proto[marker] = true;
  const query = proto.query;
  proto.query = function (this: Internals, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    if (!this.pipeline && (this._activeQuery || (this._queryQueue?.length ?? 0) > 0)) {
      refuse(
        'A statement was sent on a connection that is still running another (one statement at a time on a transaction; no Promise.all over it)',
        text,
      );
    }
    if (
      /^\s*(begin|start\s+transaction)\b/i.test(text) &&
      (this._txStatus === 'T' || this._txStatus === 'E')
    ) {
      refuse(
        'BEGIN was sent on a connection already in a transaction (a transaction opened inside another)',
        text,
      );
    }
    return query.apply(this, args);
  };
}
