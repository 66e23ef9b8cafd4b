import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importDelivery } from '../src/modules/bulk/import-delivery.ts';
import { systemActor } from '../src/platform/audit.ts';
import { createMailer } from '../src/platform/mail.ts';
import { cpuMs } from './cpu.ts';
import { benchDatabase, fmt } from './support.ts';

const activityCount = 600;
const enrolmentCount = 10_000;
const sessionsPerActivity = 6;
const schoolCount = 400;
const rounds = Number(process.env.MH_BENCH_ROUNDS ?? 3);
const hub = 'bench-maths-hub';
const year = '2023/24';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** The CPU time (s) a step costs this process and the database's backends, or NaN where /proc is unreadable. */
async function cpuSeconds(pool: pg.Pool, work: () => Promise<unknown>): Promise<number> {
  const before = await cpuMs(pool);
  await work();
  const after = await cpuMs(pool);
  return before === null || after === null ? Number.NaN : (after - before) / 1000;
}

const csv = (header: string, rows: string[]) => `${[header, ...rows].join('\r\n')}\r\n`;

/** A hub's year as its spreadsheets would hold it: activities, enrolments and a register per session. */
function hubYear() {
  const activities: string[] = [];
  for (let a = 0; a < activityCount; a++) {
    activities.push(
      `${hub},${year},NCP23-09,WG-${a + 1},Work Group,Work Group ${a + 1},running,01/09/2023,31/07/2024,`,
    );
  }
  const enrolments: string[] = [];
  const attendance: string[] = [];
  const statuses = ['present', 'present', 'present', 'absent', 'apologies'];
  for (let e = 0; e < enrolmentCount; e++) {
    const activity = (e % activityCount) + 1;
    const email = `teacher${e + 1}@bench.example`;
    const urn = 500000 + (e % schoolCount);
    enrolments.push(
      `${hub},${year},WG-${activity},${email},Teacher,Number ${e + 1},${urn},Class teacher,Year ${(e % 6) + 1},,,registered`,
    );
    for (let s = 0; s < sessionsPerActivity; s++) {
      const month = ((8 + s * 2) % 12) + 1; // September, November, January…
      const date = `${String(10 + (activity % 15)).padStart(2, '0')}/${String(month).padStart(2, '0')}/${month >= 9 ? 2023 : 2024}`;
      attendance.push(
        `${hub},${year},WG-${activity},${date},TRG ${s + 1},TRG,${email},${statuses[(e + s) % 5]},`,
      );
    }
  }
  return {
    activities: csv('Hub,Year,NCP,Reference,Kind,Title,Status,Start date,End date,Lead email', activities),
    enrolments: csv(
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status',
      enrolments,
    ),
    attendance: csv(
      'Hub,Year,Activity reference,Session date,Session title,Session kind,Email,Status,Joined via email',
      attendance,
    ),
  };
}

/**
 * Importing a hub's year (10,000 enrolments and 60,000 attendance marks in 600 activities) against the
 * floor for loading those rows: a bare COPY of the same two CSV files into unindexed tables of text
 * columns. The steps alternate, round by round, so noise hits each alike.
 */
export async function benchDeliveryImport(serverUrl: string): Promise<string[]> {
  const directory = mkdtempSync(path.join(tmpdir(), 'mh-bench-delivery-'));
  const files = hubYear();
  const file = (name: keyof typeof files) => path.join(directory, `${name}.csv`);
  for (const name of Object.keys(files) as (keyof typeof files)[]) writeFileSync(file(name), files[name]);
  const database = await benchDatabase(serverUrl, `mh_bench_delivery_${process.pid}`);
  const actor = systemActor('bench');
  const all = { allHubs: true } as const;
  // The files name no mentors nor second phases: nothing is mailed, but the import takes its mailer.
  const deps = { mailer: createMailer(database.db, { from: 'bench@example.org' }) };
  try {
    await database.pool.query(`INSERT INTO academic_years VALUES ('2023/24', '2023-09-01', '2024-08-31')`);
    await database.pool.query(
      `INSERT INTO local_authorities (code, name, gss_code, region_code, region_name, entity)
       VALUES ('999', 'Benchshire', 'E06999999', 'E12000003', 'Yorkshire and The Humber', 'Unitary Authorities')`,
    );
    await database.pool.query(`INSERT INTO hubs (slug, name) VALUES ($1, 'Bench Maths Hub')`, [hub]);
    await database.pool.query(
      `INSERT INTO ncps (year_code, code, title, phases, type) VALUES ($1, 'NCP23-09', 'TfM Development', '{primary}', 'work_group')`,
      [year],
    );
    await database.pool.query(
      `INSERT INTO schools (urn, la_code, name, type_name, status_name, is_open, phase, is_state_funded)
       SELECT 500000 + i, '999', 'Bench School ' || i, 'Community school', 'Open', true, 'primary', true
       FROM generate_series(0, $1 - 1) i`,
      [schoolCount],
    );
    await importDelivery(database.db, actor, all, 'activities', { path: file('activities') }, deps);

    await database.pool.query(
      `CREATE TABLE bare_enrolments (${Array.from({ length: 12 }, (_, i) => `c${i} text`).join(', ')})`,
    );
    await database.pool.query(
      `CREATE TABLE bare_attendance (${Array.from({ length: 9 }, (_, i) => `c${i} text`).join(', ')})`,
    );
    const bareCopy = async () => {
      const client = await database.pool.connect();
      try {
        for (const name of ['enrolments', 'attendance'] as const) {
          await pipeline(
            createReadStream(file(name)),
            client.query(copyFrom(`COPY bare_${name} FROM STDIN WITH (FORMAT csv, HEADER true)`)),
          );
        }
      } finally {
        client.release();
      }
    };
    const ourImport = async () => {
      const enrolled = await importDelivery(
        database.db,
        actor,
        all,
        'enrolments',
        { path: file('enrolments') },
        deps,
      );
      const marked = await importDelivery(
        database.db,
        actor,
        all,
        'attendance',
        { path: file('attendance') },
        deps,
      );
      return [enrolled, marked] as const;
    };
    const emptyYear = async () => {
      await database.pool.query(
        'TRUNCATE enrolments, activity_sessions, activity_schools, attendance_marks, events CASCADE',
      );
      await database.pool.query(`DELETE FROM people WHERE email LIKE '%@bench.example'`);
    };

    const times = { copy: [] as number[], first: [] as number[], again: [] as number[] };
    const cpu = { copy: [] as number[], first: [] as number[], again: [] as number[] };
    const timed = async (key: keyof typeof times, work: () => Promise<unknown>) => {
      let wall = 0;
      cpu[key].push(await cpuSeconds(database.pool, async () => (wall = await seconds(work))));
      times[key].push(wall);
    };
    let again: Awaited<ReturnType<typeof ourImport>> | null = null;
    for (let round = 0; round < rounds; round++) {
      await database.pool.query('TRUNCATE bare_enrolments, bare_attendance');
      await timed('copy', bareCopy);
      await emptyYear();
      let first: Awaited<ReturnType<typeof ourImport>> | null = null;
      await timed('first', async () => (first = await ourImport()));
      const [e, m] = first!;
      if (e.added !== enrolmentCount || m.added !== enrolmentCount * sessionsPerActivity)
        throw new Error(`the import added ${e.added} enrolments and ${m.added} marks`);
      await timed('again', async () => (again = await ourImport()));
    }
    const copy = median(times.copy);
    const copyCpu = median(cpu.copy);
    const cpuCell = (values: number[]) =>
      Number.isNaN(median(values)) ? '– | –' : `${fmt(median(values))} | ${fmt(median(values) / copyCpu)}`;
    const row = (step: string, key: keyof typeof times) =>
      `| ${step} | ${fmt(median(times[key]))} | ${fmt(median(times[key]) / copy)} | ${cpuCell(cpu[key])} |`;
    const [e, m] = again!;
    return [
      `### Delivery import: a hub's year of ${fmt(enrolmentCount, 0)} enrolments and ${fmt(enrolmentCount * sessionsPerActivity, 0)} attendance marks (${activityCount} activities)`,
      '',
      '| step | median time (s) | ratio to bare COPY | median CPU time (s) | CPU ratio to bare COPY |',
      '|---|---:|---:|---:|---:|',
      row('bare `COPY` of the two CSV files into unindexed text tables (baseline)', 'copy'),
      row(
        '`mathshubs import enrolments` + `attendance` into an empty year (read, check, stage, upsert, event)',
        'first',
      ),
      row('re-import of the unchanged files', 'again'),
      '',
      `Aim: at most 3 × the baseline. Medians of ${rounds} rounds, the steps alternating. The re-import changed ${e.added + e.updated} enrolments and ${m.added + m.updated} marks.`,
      'CPU time is this process’s and the database’s PostgreSQL backends’ (from /proc): it moves less than',
      'wall-clock time with other work on a shared machine.',
      '',
    ];
  } finally {
    await database.drop();
    rmSync(directory, { recursive: true, force: true });
  }
}
