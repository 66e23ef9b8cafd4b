import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { benchDatabase, fmt, freePort, load, startProcess, stopProcess, withDatabase } from './support.ts';

/**
 * Find-your-hub search under 50 connections against a bare primary-key route on the same database in
 * the same server process, alternating the two so that noise on the machine hits both alike.
 */
export async function benchFindYourHub(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_find_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    await loadDemoData(
      buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
      silentProgress,
    );
    const sample = await database.pool.query<{ urn: number; name: string; postcode: string; la: string }>(
      `SELECT s.urn, s.name, s.postcode, la.name AS la FROM schools s JOIN local_authorities la ON la.code = s.la_code
       WHERE s.is_open ORDER BY md5(s.urn::text) LIMIT 300`,
    );
    if (sample.rowCount === 0) throw new Error('the demo data has no schools to search for');
    const queries = sample.rows.flatMap((s, i) => {
      const words = s.name.split(' ');
      const q = [
        String(s.urn),
        s.postcode?.split(' ')[0] ?? String(s.urn),
        words.slice(0, 2).join(' '),
        s.la,
      ][i % 4]!;
      return [`/api/v1/find-your-hub?q=${encodeURIComponent(q)}`];
    });
    const pages = queries.map((q) => q.replace('/api/v1/find-your-hub', '/find-your-hub'));
    const pkPaths = sample.rows.map((s) => `/bench/pk/${s.urn}`);
    const port = await freePort();
    const { child } = await startProcess(
      ['--import', 'tsx', 'bench/server.ts'],
      { DATABASE_URL: withDatabase(serverUrl, name), PORT: String(port) },
      /ready/,
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      await load(base, pkPaths, 10, 2);
      await load(base, queries, 10, 2);
      const rounds = 2;
      const totals = { pk: [] as number[], api: [] as number[], page: [] as number[] };
      const p99 = { pk: [] as number[], api: [] as number[], page: [] as number[] };
      let failures = 0;
      for (let r = 0; r < rounds; r++) {
        for (const [key, paths] of [
          ['pk', pkPaths],
          ['api', queries],
          ['page', pages],
        ] as const) {
          const result = await load(base, paths, 50, 5);
          totals[key].push(result.rps);
          p99[key].push(result.p99);
          failures += result.errors + result.non2xx;
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const max = (xs: number[]) => Math.max(...xs);
      const schools = await database.pool.query('SELECT count(*)::int AS n FROM schools');
      return [
        `### Find-your-hub search at 50 connections (${fmt(schools.rows[0].n, 0)} schools, ${sample.rowCount} different queries: URN, postcode, name, local authority)`,
        '',
        '| route | requests/s | p99 latency (ms) | ratio to the primary-key route |',
        '|---|---:|---:|---:|',
        `| bare primary-key query (baseline) | ${fmt(mean(totals.pk), 0)} | ${fmt(max(p99.pk), 0)} | 1 |`,
        `| \`GET /api/v1/find-your-hub\` (JSON) | ${fmt(mean(totals.api), 0)} | ${fmt(max(p99.api), 0)} | ${fmt(mean(totals.api) / mean(totals.pk))} |`,
        `| \`GET /find-your-hub\` (HTML page) | ${fmt(mean(totals.page), 0)} | ${fmt(max(p99.page), 0)} | ${fmt(mean(totals.page) / mean(totals.pk))} |`,
        '',
        `Aim: at least 0.5 of the baseline. Failed or non-2xx responses: ${failures}.`,
        '',
      ];
    } finally {
      await stopProcess(child);
    }
  } finally {
    await database.drop();
  }
}
