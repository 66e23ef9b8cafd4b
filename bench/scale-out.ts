import { cpus } from 'node:os';
import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { academicYearOf, todayInEngland } from '../src/platform/dates.ts';
import { silentProgress } from '../src/platform/progress.ts';
import {
  benchDatabase,
  fmt,
  freePort,
  type LoadResult,
  load,
  startFlags,
  startProcess,
  stopProcess,
} from './support.ts';

/**
 * One app process against two on the same database and the same work: the hub's activity list made
 * afresh (page cache off) at 50 connections, signed in as the hub's Maths Hub Lead. With two processes
 * the 50 connections are split between them (as a load balancer would), and their throughputs added.
 */
export async function benchScaleOut(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_scale_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    await loadDemoData(
      buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
      silentProgress,
    );
    const year = academicYearOf(todayInEngland()).replace('/', '-');
    const lead = (
      await database.pool.query<{ person_id: number }>(
        `SELECT person_id FROM role_assignments WHERE role = 'hub_leadership' AND title = 'Maths Hub Lead' ORDER BY id LIMIT 1`,
      )
    ).rows[0]!;
    const start = async () => {
      const port = await freePort();
      const server = await startProcess(
        [...startFlags, 'bench/server.ts'],
        {
          DATABASE_URL: database.url,
          PORT: String(port),
          PAGE_CACHE_MB: '0',
          BENCH_PERSON_ID: String(lead.person_id),
        },
        /ready/,
      );
      const cookie = /cookie (\S+)/.exec(server.output())![1]!;
      return { base: `http://127.0.0.1:${port}`, headers: { cookie }, child: server.child };
    };
    const [one, two] = [await start(), await start()];
    try {
      const paths = [`/hub/activities?year=${year}`];
      await load(one.base, paths, 10, 1, one.headers);
      await load(two.base, paths, 10, 1, two.headers);
      const single: number[] = [];
      const double: number[] = [];
      let failures = 0;
      const count = (r: LoadResult) => {
        failures += r.errors + r.non2xx;
        return r.rps;
      };
      for (let round = 0; round < 2; round++) {
        single.push(count(await load(one.base, paths, 50, 5, one.headers)));
        const [a, b] = await Promise.all([
          load(one.base, paths, 25, 5, one.headers),
          load(two.base, paths, 25, 5, two.headers),
        ]);
        double.push(count(a) + count(b));
      }
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      return [
        "### One app process against two (the hub's activity list made afresh at 50 connections)",
        '',
        '| processes | requests/s | ratio to one |',
        '|---|---:|---:|',
        `| one | ${fmt(mean(single), 0)} | 1 |`,
        `| two, the connections split between them | ${fmt(mean(double), 0)} | ${fmt(mean(double) / mean(single))} |`,
        '',
        `Measured on ${cpus().length} cores shared by both processes, the load generator and PostgreSQL, so the second`,
        'process can only use what the first leaves idle; on separate machines (docs/operations.md) each brings its own.',
        `Failed or non-2xx responses: ${failures}.`,
        '',
      ];
    } finally {
      await stopProcess(one.child);
      await stopProcess(two.child);
    }
  } finally {
    await database.drop();
  }
}
