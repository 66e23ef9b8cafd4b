// The app as `npm start` runs it, plus one bare route for the benchmark's baseline: a single
// primary-key query on the same database, with no template and no policy. Not part of the product.
import { buildApp, buildServices } from '../src/app.ts';
import { createSession } from '../src/modules/auth/sessions.ts';
import { loadConfig } from '../src/platform/config.ts';
import { connect } from '../src/platform/database.ts';
import { SESSION_COOKIE } from '../src/platform/http.ts';

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
