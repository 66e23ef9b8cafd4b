import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { benchDatabase, fmt, keptAndFreshServers, load } from './support.ts';

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
    // Two servers of the same code: one keeps answers (the product's default), one answers afresh
    // every time (PAGE_CACHE_MB=0). The 300 queries repeat, so the first serves kept answers after the
    // warm-up: searches people repeat (a school's name, a local authority) cost that.
    const servers = await keptAndFreshServers(serverUrl, name);
    try {
      const bases = { kept: servers.kept.base, fresh: servers.fresh.base };
      type Key = 'pk' | 'api' | 'page' | 'freshApi' | 'freshPage';
      const steps: Record<Key, [keyof typeof bases, string[]]> = {
        pk: ['kept', pkPaths],
        api: ['kept', queries],
        page: ['kept', pages],
        freshApi: ['fresh', queries],
        freshPage: ['fresh', pages],
      };
      for (const [server, paths] of Object.values(steps)) await load(bases[server], paths, 10, 2);
      const rounds = 2;
      const keys = Object.keys(steps) as Key[];
      const totals = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
      const p99 = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
      let failures = 0;
      for (let r = 0; r < rounds; r++) {
        for (const key of keys) {
          const [server, paths] = steps[key];
          const result = await load(bases[server], paths, 50, 5);
          totals[key].push(result.rps);
          p99[key].push(result.p99);
          failures += result.errors + result.non2xx;
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const max = (xs: number[]) => Math.max(...xs);
      const row = (label: string, key: Key) =>
        `| ${label} | ${fmt(mean(totals[key]), 0)} | ${fmt(max(p99[key]), 0)} | ${fmt(mean(totals[key]) / mean(totals.pk))} |`;
      const schools = await database.pool.query('SELECT count(*)::int AS n FROM schools');
      return [
        `### Find-your-hub search at 50 connections (${fmt(schools.rows[0].n, 0)} schools, ${sample.rowCount} different queries: URN, postcode, name, local authority)`,
        '',
        '| route | requests/s | p99 latency (ms) | ratio to the primary-key route |',
        '|---|---:|---:|---:|',
        `| bare primary-key query (baseline) | ${fmt(mean(totals.pk), 0)} | ${fmt(max(p99.pk), 0)} | 1 |`,
        row('`GET /api/v1/find-your-hub` (JSON), kept answers', 'api'),
        row('`GET /find-your-hub` (HTML page), kept answers', 'page'),
        row('`GET /api/v1/find-your-hub` (JSON), searched afresh (`PAGE_CACHE_MB=0`)', 'freshApi'),
        row('`GET /find-your-hub` (HTML page), searched afresh (`PAGE_CACHE_MB=0`)', 'freshPage'),
        '',
        `Aim: at least 0.5 of the baseline. Failed or non-2xx responses: ${failures}. The queries repeat, so the`,
        'kept rows measure repeated searches; the rows searched afresh are what a search no one has made costs.',
        '',
      ];
    } finally {
      await servers.stop();
    }
  } finally {
    await database.drop();
  }
}
