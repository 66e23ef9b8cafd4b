// `npm run bench`: every benchmark, each a ratio measured side by side in this one run, written to
// bench/RESULTS.md. BENCH_DATABASE_URL picks the PostgreSQL server; else the machine's server on
// 127.0.0.1:5432 if it answers; else an embedded PostgreSQL started for the run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/platform/database.ts';
import { benchCommunities } from './communities.ts';
import { benchDeliveryImport } from './delivery.ts';
import { benchEvents } from './events.ts';
import { benchEveryPage } from './every-page.ts';
import { benchFindYourHub } from './find-your-hub.ts';
import { benchFunding } from './funding.ts';
import { benchGiasImport } from './gias-import.ts';
import { benchHubPages } from './hub-pages.ts';
import { benchReporting } from './reporting.ts';
import { benchScaleOut } from './scale-out.ts';
import { benchStartUp } from './start-up.ts';
import { freePort, root } from './support.ts';
import { benchSurveys } from './surveys.ts';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
let serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let stopEmbedded: (() => Promise<void>) | null = null;
let embeddedDir: string | null = null;
if (!(await answers(serverUrl))) {
  embeddedDir = mkdtempSync(path.join(tmpdir(), 'mh-bench-pg-'));
  const server = await startEmbeddedPostgres({ dataDir: embeddedDir, port: await freePort() });
  serverUrl = server.url('postgres');
  stopEmbedded = server.stop;
}
const version = (await new pg.Pool({ connectionString: serverUrl, max: 1 }).query('SHOW server_version'))
  .rows[0].server_version;
const sections: string[] = [];
const run = async (name: string, bench: () => Promise<string[]>) => {
  if (!wanted(name)) return;
  process.stderr.write(`== ${name}\n`);
  const lines = await bench();
  process.stdout.write(`${lines.join('\n')}\n`);
  sections.push(...lines);
};
try {
  await run('gias', async () => (await benchGiasImport(serverUrl)).split('\n'));
  await run('find-your-hub', () => benchFindYourHub(serverUrl));
  await run('hub-pages', () => benchHubPages(serverUrl));
  await run('every-page', () => benchEveryPage(serverUrl));
  await run('scale-out', () => benchScaleOut(serverUrl));
  await run('delivery-import', () => benchDeliveryImport(serverUrl));
  await run('start-up', () => benchStartUp());
  await run('funding', () => benchFunding(serverUrl));
  await run('events', () => benchEvents(serverUrl));
  await run('reporting', () => benchReporting(serverUrl));
  await run('surveys', () => benchSurveys(serverUrl));
  await run('communities', () => benchCommunities(serverUrl));
} finally {
  await stopEmbedded?.();
  if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
}

if (only.length === 0) {
  const header = [
    '# Benchmark results',
    '',
    'Written by `npm run bench`. Machines are shared and noisy: each figure that matters is a ratio of two',
    'measurements taken side by side in the same run; compare within a run, never across runs.',
    '',
    `Last run: ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, Node.js ${process.version}, PostgreSQL ${version}.`,
    '',
  ];
  const notes = readFileSync(path.join(root, 'bench/NOTES.md'), 'utf8');
  writeFileSync(path.join(root, 'bench/RESULTS.md'), `${[...header, ...sections].join('\n')}\n${notes}`);
}
