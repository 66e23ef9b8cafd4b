import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { cpuMs } from './cpu.ts';
import { benchDatabase, fmt, freePort, load, startProcess, stopProcess, withDatabase } from './support.ts';

/**
 * A hub's activity list and a register page under 50 connections, signed in as the hub's Maths Hub
 * Lead, against a bare primary-key route in the same server process, alternating the three.
 */
export async function benchHubPages(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_hub_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    await loadDemoData(
      buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
      silentProgress,
    );
    const lead = await database.pool.query<{ person_id: number; hub_id: number; slug: string }>(
      `SELECT r.person_id, r.hub_id, h.slug FROM role_assignments r JOIN hubs h ON h.id = r.hub_id
       WHERE r.role = 'hub_leadership' AND r.title = 'Maths Hub Lead' ORDER BY r.id LIMIT 1`,
    );
    const { person_id: personId, hub_id: hubId } = lead.rows[0]!;
    const sessions = await database.pool.query<{ activity_id: number; id: number; n: number }>(
      `SELECT s.activity_id, s.id, (SELECT count(*)::int FROM enrolments e WHERE e.activity_id = s.activity_id) AS n
       FROM activity_sessions s JOIN hub_activities a ON a.id = s.activity_id
       WHERE a.hub_id = $1 AND a.year_code = '2023/24' ORDER BY s.id LIMIT 100`,
      [hubId],
    );
    const activities = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM hub_activities WHERE hub_id = $1 AND year_code = '2023/24'`,
      [hubId],
    );
    const urns = await database.pool.query<{ urn: number }>(
      'SELECT urn FROM schools ORDER BY md5(urn::text) LIMIT 100',
    );
    const port = await freePort();
    const server = await startProcess(
      ['--import', 'tsx', 'bench/server.ts'],
      { DATABASE_URL: withDatabase(serverUrl, name), PORT: String(port), BENCH_PERSON_ID: String(personId) },
      /ready/,
    );
    try {
      const cookie = /cookie (\S+)/.exec(server.output())![1]!;
      const headers = { cookie };
      const base = `http://127.0.0.1:${port}`;
      const routes = {
        pk: urns.rows.map((u) => `/bench/pk/${u.urn}`),
        list: ['/hub/activities?year=2023-24'],
        register: sessions.rows.map((s) => `/activities/${s.activity_id}/sessions/${s.id}`),
      };
      for (const paths of Object.values(routes)) await load(base, paths, 10, 2, headers);
      const rps = { pk: [] as number[], list: [] as number[], register: [] as number[] };
      const p99 = { pk: [] as number[], list: [] as number[], register: [] as number[] };
      // CPU time of the server process and its PostgreSQL backends per request (not the load generator's).
      const cpu = { pk: [] as number[], list: [] as number[], register: [] as number[] };
      let failures = 0;
      for (let round = 0; round < 2; round++) {
        for (const key of ['pk', 'list', 'register'] as const) {
          const before = await cpuMs(database.pool, [server.child.pid!]);
          const result = await load(base, routes[key], 50, 5, headers);
          const after = await cpuMs(database.pool, [server.child.pid!]);
          rps[key].push(result.rps);
          p99[key].push(result.p99);
          if (before !== null && after !== null) cpu[key].push((after - before) / (result.rps * 5));
          failures += result.errors + result.non2xx;
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const ratio = (key: 'list' | 'register') => fmt(mean(rps[key]) / mean(rps.pk));
      const cpuOf = (key: 'pk' | 'list' | 'register') => (cpu[key].length ? fmt(mean(cpu[key])) : '–');
      const cpuRatio = (key: 'list' | 'register') =>
        cpu[key].length && cpu.pk.length ? fmt(mean(cpu.pk) / mean(cpu[key])) : '–';
      return [
        `### A hub's pages at 50 connections, signed in as its Maths Hub Lead (${activities.rows[0]!.n} activities in 2023/24; registers of ${fmt(Math.min(...sessions.rows.map((s) => s.n)), 0)}–${fmt(Math.max(...sessions.rows.map((s) => s.n)), 0)} participants)`,
        '',
        '| route | requests/s | p99 latency (ms) | ratio to the primary-key route | CPU ms per request (server + PostgreSQL) | CPU ratio |',
        '|---|---:|---:|---:|---:|---:|',
        `| bare primary-key query (baseline) | ${fmt(mean(rps.pk), 0)} | ${fmt(Math.max(...p99.pk), 0)} | 1 | ${cpuOf('pk')} | 1 |`,
        `| \`GET /hub/activities\` (the hub's activity list) | ${fmt(mean(rps.list), 0)} | ${fmt(Math.max(...p99.list), 0)} | ${ratio('list')} | ${cpuOf('list')} | ${cpuRatio('list')} |`,
        `| \`GET /activities/:id/sessions/:sessionId\` (a register) | ${fmt(mean(rps.register), 0)} | ${fmt(Math.max(...p99.register), 0)} | ${ratio('register')} | ${cpuOf('register')} | ${cpuRatio('register')} |`,
        '',
        `Aim: at least 0.5 of the baseline. Failed or non-2xx responses: ${failures}. The CPU columns count the`,
        'server process and its PostgreSQL backends only (from /proc), so other work on a shared machine moves them',
        'less than requests per second; the CPU ratio is the baseline’s CPU per request over the route’s.',
        '',
      ];
    } finally {
      await stopProcess(server.child);
    }
  } finally {
    await database.drop();
  }
}
