import { buildServices } from '../src/app.ts';
import { loadDemoData } from '../src/modules/demo/load-demo.ts';
import { loadConfig } from '../src/platform/config.ts';
import { silentProgress } from '../src/platform/progress.ts';
import { cpuMs } from './cpu.ts';
import { benchDatabase, fmt, keptAndFreshServers, load } from './support.ts';

/**
 * A hub's activity list and a register page under 50 connections, signed in as the hub's Maths Hub
 * Lead, against a bare primary-key route in the same server process, alternating the steps: the pages
 * as kept (the product's default), kept while the hub's records change ten times a second, and made
 * afresh on every request by a second server of the same code with the page cache off.
 */
export async function benchHubPages(serverUrl: string): Promise<string[]> {
  const name = `mh_bench_hub_${process.pid}`;
  const database = await benchDatabase(serverUrl, name);
  try {
    await loadDemoData(
      buildServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }), database.db),
      silentProgress,
      // Pinned to a day when 2023/24 is the demonstration's latest year, complete (comparable runs).
      { today: '2024-08-31' },
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
    const { stop, ...servers } = await keptAndFreshServers(serverUrl, name, {
      BENCH_PERSON_ID: String(personId),
    });
    try {
      const paths = {
        pk: urns.rows.map((u) => `/bench/pk/${u.urn}`),
        list: ['/hub/activities?year=2023-24'],
        register: sessions.rows.map((s) => `/activities/${s.activity_id}/sessions/${s.id}`),
      };
      type Key =
        | 'pk'
        | 'list'
        | 'register'
        | 'freshList'
        | 'freshRegister'
        | 'changingList'
        | 'changingRegister';
      const steps: Record<Key, { server: keyof typeof servers; paths: string[]; changing?: boolean }> = {
        pk: { server: 'kept', paths: paths.pk },
        list: { server: 'kept', paths: paths.list },
        register: { server: 'kept', paths: paths.register },
        freshList: { server: 'fresh', paths: paths.list },
        freshRegister: { server: 'fresh', paths: paths.register },
        changingList: { server: 'kept', paths: paths.list, changing: true },
        changingRegister: { server: 'kept', paths: paths.register, changing: true },
      };
      for (const step of Object.values(steps)) {
        await load(servers[step.server].base, step.paths, 10, 2, servers[step.server].headers);
      }
      // A change to the hub's records ten times a second while the pages are read: a mark of one of the
      // benchmark's registers is set again, as a lead taking a register would, so every kept page of the
      // hub is made afresh on its next request.
      const markToChange = await database.pool.query<{ session_id: number; enrolment_id: number }>(
        `SELECT m.session_id, m.enrolment_id FROM attendance_marks m WHERE m.session_id = $1 LIMIT 1`,
        [sessions.rows[0]!.id],
      );
      const changeWhile = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
        let changes = 0;
        let running = true;
        const changer = (async () => {
          const target = markToChange.rows[0]!;
          while (running) {
            await database.pool.query(
              `UPDATE attendance_marks SET status = CASE status WHEN 'present' THEN 'absent' ELSE 'present' END
               WHERE session_id = $1 AND enrolment_id = $2`,
              [target.session_id, target.enrolment_id],
            );
            changes++;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        })();
        try {
          return [await work(), changes];
        } finally {
          running = false;
          await changer;
        }
      };
      const keys = Object.keys(steps) as Key[];
      const rps = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
      const p99 = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
      // CPU time of the server process and its PostgreSQL backends per request (not the load generator's).
      const cpu = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
      let failures = 0;
      let changes = 0;
      for (let round = 0; round < 2; round++) {
        for (const key of keys) {
          const step = steps[key];
          const server = servers[step.server];
          const before = await cpuMs(database.pool, [server.pid], server.app);
          const run = () => load(server.base, step.paths, 50, 5, server.headers);
          const [result, changed] = step.changing ? await changeWhile(run) : [await run(), 0];
          const after = await cpuMs(database.pool, [server.pid], server.app);
          changes += changed;
          rps[key].push(result.rps);
          p99[key].push(result.p99);
          if (before !== null && after !== null) cpu[key].push((after - before) / (result.rps * 5));
          failures += result.errors + result.non2xx;
        }
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const cpuOf = (key: Key) => (cpu[key].length ? fmt(mean(cpu[key])) : '–');
      const cpuRatio = (key: Key) =>
        cpu[key].length && cpu.pk.length ? fmt(mean(cpu.pk) / mean(cpu[key])) : '–';
      const row = (label: string, key: Key) =>
        `| ${label} | ${fmt(mean(rps[key]), 0)} | ${fmt(Math.max(...p99[key]), 0)} | ${fmt(mean(rps[key]) / mean(rps.pk))} | ${cpuOf(key)} | ${cpuRatio(key)} |`;
      return [
        `### A hub's pages at 50 connections, signed in as its Maths Hub Lead (${activities.rows[0]!.n} activities in 2023/24; registers of ${fmt(Math.min(...sessions.rows.map((s) => s.n)), 0)}–${fmt(Math.max(...sessions.rows.map((s) => s.n)), 0)} participants)`,
        '',
        '| route | requests/s | p99 latency (ms) | ratio to the primary-key route | CPU ms per request (server + PostgreSQL) | CPU ratio |',
        '|---|---:|---:|---:|---:|---:|',
        `| bare primary-key query (baseline) | ${fmt(mean(rps.pk), 0)} | ${fmt(Math.max(...p99.pk), 0)} | 1 | ${cpuOf('pk')} | 1 |`,
        row("`GET /hub/activities` (the hub's activity list), kept page", 'list'),
        row('`GET /activities/:id/sessions/:sessionId` (a register), kept page', 'register'),
        row("the activity list, with the hub's records changing 10 times a second", 'changingList'),
        row("a register, with the hub's records changing 10 times a second", 'changingRegister'),
        row('the activity list made afresh on every request (`PAGE_CACHE_MB=0`)', 'freshList'),
        row('a register made afresh on every request (`PAGE_CACHE_MB=0`)', 'freshRegister'),
        '',
        `Aim: at least 0.5 of the baseline. Failed or non-2xx responses: ${failures}. ${changes} changes were made in the`,
        'runs with changes. A kept page is still a signed-in request: the session and the records’ versions are read',
        'each time, and the page is sent with a fresh form token. The CPU columns count the server process and its',
        'PostgreSQL backends only (from /proc), so other work on a shared machine moves them less than requests per',
        'second; the CPU ratio is the baseline’s CPU per request over the route’s.',
        '',
      ];
    } finally {
      await stop();
    }
  } finally {
    await database.drop();
  }
}
