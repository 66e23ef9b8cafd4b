// The app as `npm start` runs it, plus two bare routes for the benchmarks' baselines: a single
// primary-key query on the same database, and one durable single-row insert in its own transaction
// (synchronous_commit on, as the app runs); no template and no policy. Not part of the product.
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { buildApp, buildServices } from '../src/app.ts';
import { createSession } from '../src/modules/auth/sessions.ts';
import { loadConfig } from '../src/platform/config.ts';
import { connect } from '../src/platform/database.ts';
import { SESSION_COOKIE } from '../src/platform/http.ts';

// Every statement the process sends, by its first words, for the benchmarks' counts of statements per
// request (GET /api/bench/statements; `?reset` starts again). A map increment beside a round trip.
// With BENCH_STATEMENT_TIMES (a file to write them to), also the time from sending each to its answer (ms, summed).
const statements = new Map<string, number>();
const statementMs = new Map<string, number>();
const timed = Boolean(process.env.BENCH_STATEMENT_TIMES);
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? 'COPY or cursor');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 100);
  statements.set(key, (statements.get(key) ?? 0) + 1);
  const result = query.apply(this, args);
  if (timed && result instanceof Promise) {
    const started = performance.now();
    const done = () => statementMs.set(key, (statementMs.get(key) ?? 0) + performance.now() - started);
    result.then(done, done);
  }
  return result;
} as typeof pg.Client.prototype.query;
// A profile (node --cpu-prof) is written only when the process exits by itself.
process.once('SIGTERM', () => {
  app.close().finally(() => process.exit(0));
});

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  SESSION_SECRET: 'b'.repeat(32),
  LOG_LEVEL: 'warn',
});
const database = connect(config.DATABASE_URL!, 20);
const app = await buildApp(buildServices(config, database.db));
app.get('/bench/pk/:urn', { config: { access: 'public' } }, async (request) => {
  const { urn } = request.params as { urn: string };
  const result = await database.pool.query('SELECT urn, name, la_code FROM schools WHERE urn = $1', [
    Number(urn),
  ]);
  return result.rows[0] ?? null;
});
// One durable single-row insert, committed on its own (an autocommit statement: one round trip, one
// WAL flush; under /api/, which has no form token to check, like the confirmations). Its table is made by the benchmark that uses it (bench/events.ts).
app.post('/api/bench/insert', { config: { access: 'public' } }, async () => {
  const result = await database.pool.query('INSERT INTO bench_inserts (at) VALUES (now()) RETURNING id');
  return { id: Number(result.rows[0].id) };
});
app.get('/api/bench/statements', { config: { access: 'public' } }, async (request) => {
  const counts = Object.fromEntries(statements);
  if ('reset' in (request.query as object)) {
    statements.clear();
    statementMs.clear();
  } else if (timed)
    writeFileSync(process.env.BENCH_STATEMENT_TIMES!, JSON.stringify(Object.fromEntries(statementMs)));
  return counts;
});
// A signed-in session for the benchmark's load generator (BENCH_PERSON_ID), printed as a cookie.
if (process.env.BENCH_PERSON_ID) {
  const token = await createSession(database.db, Number(process.env.BENCH_PERSON_ID));
  process.stdout.write(`cookie ${SESSION_COOKIE}=${encodeURIComponent(app.signCookie(token))}\n`);
}
// Sessions for several people (BENCH_PERSON_IDS, comma-separated), printed as `cookie <id> <cookie>`.
for (const id of (process.env.BENCH_PERSON_IDS ?? '').split(',').filter(Boolean)) {
  const token = await createSession(database.db, Number(id));
  process.stdout.write(`cookie ${id} ${SESSION_COOKIE}=${encodeURIComponent(app.signCookie(token))}\n`);
}
await app.listen({ port: config.PORT, host: '127.0.0.1' });
process.stdout.write('ready\n');
