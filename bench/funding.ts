import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { nationalFunding } from '../src/modules/funding/national-funding.ts';
import { syncStatement } from '../src/modules/funding/sync-statement.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { benchDatabase, fmt } from './support.ts';

const year = '2023/24';
const rounds = Number(process.env.MH_BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ms(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Every hub's grant statement for a year recomputed from the activity records (the demonstration's 40
 * hubs in 2023/24), against the floor: one SELECT that sums the same activity rows (schools and
 * participants taking part, by hub and NCP). The steps alternate, round by round, so noise hits each alike.
 */
export async function benchFunding(serverUrl: string): Promise<string[]> {
  const database = await benchDatabase(serverUrl, `mh_bench_funding_${process.pid}`);
  try {
    await loadDemoData(
      buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
      silentProgress,
      // Pinned to a day when 2023/24 is the demonstration's latest year, complete (comparable runs).
      { today: '2024-08-31' },
    );
    const db = database.db;
    const hubIds = (await database.pool.query<{ id: number }>('SELECT id FROM hubs ORDER BY id')).rows.map(
      (r) => r.id,
    );
    const counts = (
      await database.pool.query<{ activities: number; schools: number; enrolments: number }>(
        `SELECT count(*)::int AS activities,
                (SELECT count(*)::int FROM activity_schools s JOIN hub_activities a ON a.id = s.activity_id WHERE a.year_code = $1) AS schools,
                (SELECT count(*)::int FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id WHERE a.year_code = $1) AS enrolments
         FROM hub_activities WHERE year_code = $1`,
        [year],
      )
    ).rows[0]!;
    const floor = () =>
      database.pool.query(
        `SELECT a.hub_id, a.ncp_id, count(*) AS activities, sum(coalesce(s.n, 0)) AS schools, sum(coalesce(e.n, 0)) AS participants
         FROM hub_activities a
         LEFT JOIN (SELECT activity_id, count(*) AS n FROM activity_schools WHERE status <> 'withdrawn' GROUP BY 1) s ON s.activity_id = a.id
         LEFT JOIN (SELECT activity_id, count(*) AS n FROM enrolments WHERE status <> 'withdrawn' GROUP BY 1) e ON e.activity_id = a.id
         WHERE a.year_code = $1 AND a.status <> 'cancelled'
         GROUP BY a.hub_id, a.ncp_id`,
        [year],
      );
    const computeAll = () => nationalFunding(db, year);
    const syncAll = async () => {
      for (const id of hubIds) await syncStatement(db, id, year);
    };
    // Warm up; the first sync stores each hub's first revision (measured apart).
    await floor();
    await computeAll();
    const firstSync = await ms(syncAll);
    const times = { floor: [] as number[], compute: [] as number[], sync: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.floor.push(await ms(floor));
      times.compute.push(await ms(computeAll));
      times.sync.push(await ms(syncAll));
    }
    const national = await computeAll();
    const base = median(times.floor);
    const row = (label: string, t: number) => `| ${label} | ${fmt(t, 1)} | ${fmt(t / base, 1)} |`;
    return [
      `### Funding: all 40 hubs' grant statements for ${year}, recomputed from the records (${fmt(counts.activities, 0)} activities, ${fmt(counts.schools, 0)} school places, ${fmt(counts.enrolments, 0)} enrolments; ${fmt(
        national.hubs.reduce((s, h) => s + h.lines.length, 0),
        0,
      )} statement lines, ${fmt(national.totalPence / 100, 0)} pounds)`,
      '',
      `Median of ${rounds} rounds, the steps alternating.`,
      '',
      '| step | median (ms) | ratio to the one SELECT |',
      '|---|---:|---:|',
      row('one `SELECT` summing the same activity rows by hub and NCP (baseline)', base),
      row(
        'every hub’s grant computed from the records (rules, counts, claims; `nationalFunding`)',
        median(times.compute),
      ),
      row(
        'every hub’s statement brought up to date, one transaction per hub (nothing changed)',
        median(times.sync),
      ),
      row('the first statements of the year, storing each hub’s first revision (once)', firstSync),
      '',
    ];
  } finally {
    await database.drop();
  }
}
