import autocannon from 'autocannon';
import { newApiToken } from '../src/modules/auth/api-tokens.ts';
import { sha256 } from '../src/platform/tokens.ts';
import {
  benchDatabase,
  fmt,
  freePort,
  load,
  startFlags,
  startProcess,
  stopProcess,
  withDatabase,
} from './support.ts';

const EVENTS = 100;
const PLACES = 30;
const PEOPLE = 5000;
const CONNECTIONS = 50;

/**
 * A burst of 5,000 confirmations over HTTP (`POST /api/v1/events/:id/confirm`, each by its own person
 * with an API token), spread over 100 events of 30 places (50 people for each event), at 50
 * connections; against the like-for-like baseline, a bare route of the same server process doing one
 * durable single-row insert in its own transaction (and, for context, the bare primary-key route),
 * each measured just before and just after. Then counts the places: none over-filled, every person confirmed or waiting.
 */
export async function benchEvents(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_events_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    const { rows: events } = await database.pool.query<{ id: number }>(
      `INSERT INTO programme_events (title, format, platform, connect_url, starts_at, ends_at, confirm_by, capacity)
       SELECT 'Benchmark webinar ' || n, 'online', 'Zoom', 'https://zoom.example/j/' || n,
              now() + interval '60 days', now() + interval '60 days 2 hours', (now() + interval '30 days')::date, ${PLACES}
       FROM generate_series(1, ${EVENTS}) n RETURNING id`,
    );
    const tokens = Array.from({ length: PEOPLE }, () => newApiToken());
    const { rows: people } = await database.pool.query<{ id: number }>(
      `INSERT INTO people (email, given_name, family_name)
       SELECT 'bench-' || n || '@example.org', 'Bench', 'Person ' || n FROM generate_series(1, ${PEOPLE}) n
       ORDER BY n RETURNING id`,
    );
    await database.pool.query(
      `INSERT INTO api_tokens (person_id, name, token_hash) SELECT unnest($1::int[]), 'bench', unnest($2::text[])`,
      [people.map((p) => p.id), tokens.map(sha256)],
    );
    // Person i is invited to event i mod 100.
    const eventOf = (i: number) => events[i % EVENTS]!.id;
    await database.pool.query(
      `INSERT INTO event_targets (event_id, kind, person_id) SELECT unnest($1::int[]), 'person', unnest($2::int[])`,
      [people.map((_p, i) => eventOf(i)), people.map((p) => p.id)],
    );
    // The like-for-like baseline's table: the bare route inserts one row into it per request.
    await database.pool.query(
      'CREATE TABLE bench_inserts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL)',
    );
    await database.pool.query('ANALYZE');
    const urns = await database.pool.query<{ id: number }>(
      'SELECT id FROM people ORDER BY md5(id::text) LIMIT 100',
    );
    const port = await freePort();
    const server = await startProcess(
      [...startFlags, 'bench/server.ts'],
      { DATABASE_URL: withDatabase(serverUrl, name), PORT: String(port) },
      /ready/,
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      // The baseline: the bare primary-key route (on `schools`, empty here: the same query plan).
      const pkPaths = urns.rows.map((u) => `/bench/pk/${u.id}`);
      await load(base, pkPaths, 10, 2);
      const before = await load(base, pkPaths, CONNECTIONS, 5);
      // The like-for-like baseline: one durable single-row insert in its own transaction.
      const insert = () => load(base, ['/api/bench/insert'], CONNECTIONS, 5, {}, 'POST');
      await load(base, ['/api/bench/insert'], 10, 2, {}, 'POST');
      const insertBefore = await insert();
      const statements = async (reset = false): Promise<Record<string, number>> =>
        (await fetch(`${base}/api/bench/statements${reset ? '?reset' : ''}`)).json() as Promise<
          Record<string, number>
        >;
      await statements(true);
      let next = 0;
      const started = performance.now();
      const burst = await autocannon({
        url: base,
        connections: CONNECTIONS,
        amount: PEOPLE,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const i = next++;
              request.path = `/api/v1/events/${eventOf(i)}/confirm`;
              request.headers = { ...request.headers, authorization: `Bearer ${tokens[i % PEOPLE]}` };
              return request;
            },
          },
        ],
      });
      const seconds = (performance.now() - started) / 1000;
      const sent = Object.entries(await statements()).sort((a, b) => b[1] - a[1]);
      const perConfirmation = (n: number) => fmt(n / PEOPLE);
      const total = sent.reduce((sum, [, n]) => sum + n, 0);
      const begins = sent.filter(([text]) => /^begin/i.test(text)).reduce((sum, [, n]) => sum + n, 0);
      const insertAfter = await insert();
      const after = await load(base, pkPaths, CONNECTIONS, 5);
      const { rows: counts } = await database.pool.query<{
        over: number;
        seated: number;
        waiting: number;
        lost: number;
        counter_wrong: number;
      }>(
        `SELECT (SELECT coalesce(sum(greatest(s.n - e.capacity, 0)), 0)::int FROM programme_events e
                 JOIN (SELECT event_id, count(*) AS n FROM event_places WHERE status = 'confirmed' GROUP BY event_id) s
                 ON s.event_id = e.id) AS over,
                (SELECT count(*)::int FROM event_places WHERE status = 'confirmed') AS seated,
                (SELECT count(*)::int FROM event_places WHERE status = 'waiting') AS waiting,
                (SELECT count(*)::int FROM people p WHERE p.email LIKE 'bench-%'
                 AND NOT EXISTS (SELECT 1 FROM event_places x WHERE x.person_id = p.id)) AS lost,
                (SELECT count(*)::int FROM programme_events e WHERE e.confirmed_count <>
                 (SELECT count(*) FROM event_places x WHERE x.event_id = e.id AND x.status = 'confirmed')) AS counter_wrong`,
      );
      const c = counts[0]!;
      const pk = (before.rps + after.rps) / 2;
      const inserts = (insertBefore.rps + insertAfter.rps) / 2;
      const insertFailures =
        insertBefore.errors + insertBefore.non2xx + insertAfter.errors + insertAfter.non2xx;
      const rate = PEOPLE / seconds;
      return [
        `### A burst of ${fmt(PEOPLE, 0)} confirmations over ${EVENTS} events of ${PLACES} places, at ${CONNECTIONS} connections (\`POST /api/v1/events/:id/confirm\`, each by its own person)`,
        '',
        '| measure | value |',
        '|---|---:|',
        `| bare route doing one durable single-row insert in its own transaction (baseline), requests/s (before; after) | ${fmt(inserts, 0)} (${fmt(insertBefore.rps, 0)}; ${fmt(insertAfter.rps, 0)}) |`,
        `| bare primary-key route (for context), requests/s (before; after) | ${fmt(pk, 0)} (${fmt(before.rps, 0)}; ${fmt(after.rps, 0)}) |`,
        `| confirmations/s | ${fmt(rate, 0)} |`,
        `| **ratio to the durable-insert route (aim: at least 0.5)** | **${fmt(rate / inserts)}** (${rate / inserts >= 0.5 ? 'met' : 'not met'}) |`,
        `| ratio to the primary-key route | ${fmt(rate / pk)} |`,
        `| p99 latency of a confirmation (ms) | ${fmt(burst.latency.p99, 0)} |`,
        `| statements sent per confirmation; of them BEGIN (transactions) | ${perConfirmation(total)}; ${perConfirmation(begins)} |`,
        `| places over-filled (must be 0) | ${c.over} |`,
        `| confirmed; waiting; people with no place (lost, must be 0) | ${fmt(c.seated, 0)}; ${fmt(c.waiting, 0)}; ${c.lost} |`,
        `| events whose seat counter disagrees with their places (must be 0) | ${c.counter_wrong} |`,
        '',
        `Failed or non-2xx responses: ${burst.errors + burst.non2xx} (baseline inserts: ${insertFailures}). Expected: ${fmt(EVENTS * PLACES, 0)} confirmed and ${fmt(PEOPLE - EVENTS * PLACES, 0)} waiting.`,
        '',
        'The statements the server sent during the burst, per confirmation (first words of each):',
        '',
        ...sent.map(([text, n]) => `- ${perConfirmation(n)} × \`${text.replaceAll('`', "'")}\``),
        '',
      ];
    } finally {
      await stopProcess(server.child);
    }
  } finally {
    await database.drop();
  }
}
