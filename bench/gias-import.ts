import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { importGiasFile } from '../src/modules/schools/gias/import-establishments.ts';
import { systemActor } from '../src/platform/audit.ts';
import { giasBytes, giasHeader, syntheticEstablishments } from '../test/fixtures/gias/synthetic-extract.ts';
import { benchDatabase, fmt } from './support.ts';

const establishments = 51_000;
const rounds = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/**
 * The GIAS import of a full extract (51,000 made-up establishments in the real July 2024 layout of 139
 * columns, Windows-1252, CRLF) against the floor for loading that file: a bare COPY of it into an
 * unindexed table of 139 text columns. The steps alternate, round by round, so noise hits each alike.
 */
export async function benchGiasImport(serverUrl: string): Promise<string> {
  const directory = mkdtempSync(path.join(tmpdir(), 'mh-bench-gias-'));
  const file = path.join(directory, 'edubasealldata20240717.csv');
  const header = giasHeader('full202407');
  const bytes = giasBytes(header, syntheticEstablishments(establishments));
  writeFileSync(file, bytes);
  const database = await benchDatabase(serverUrl, `mh_bench_gias_${process.pid}`);
  const actor = systemActor('bench');
  try {
    const columns = header.map((_, i) => `c${i + 1} text`).join(', ');
    await database.pool.query(`CREATE TABLE bare_extract (${columns})`);
    const bareCopy = async () => {
      const client = await database.pool.connect();
      try {
        await pipeline(
          createReadStream(file),
          client.query(
            copyFrom(`COPY bare_extract FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'WIN1252')`),
          ),
        );
      } finally {
        client.release();
      }
    };
    const emptyRegister = () =>
      database.pool.query('TRUNCATE schools, school_links, register_imports, event_log CASCADE');

    const times = { copy: [] as number[], first: [] as number[], again: [] as number[] };
    let reimport = { added: -1, updated: -1 };
    for (let round = 0; round < rounds; round++) {
      await database.pool.query('TRUNCATE bare_extract');
      times.copy.push(await seconds(bareCopy));
      await emptyRegister();
      let added = 0;
      times.first.push(
        await seconds(async () => ({ added } = await importGiasFile(database.db, actor, { path: file }))),
      );
      if (added !== establishments)
        throw new Error(`the import added ${added} of ${establishments} establishments`);
      times.again.push(
        await seconds(async () => (reimport = await importGiasFile(database.db, actor, { path: file }))),
      );
    }
    const copy = median(times.copy);
    const row = (step: string, values: number[]) =>
      `| ${step} | ${fmt(median(values))} | ${fmt(median(values) / copy)} |`;
    return [
      `### GIAS import: ${fmt(establishments, 0)} establishments, July 2024 layout (${header.length} columns, ${fmt(bytes.length / 1e6, 0)} MB, Windows-1252)`,
      '',
      '| step | median time (s) | ratio to bare COPY |',
      '|---|---:|---:|',
      row('bare `COPY` of the file into an unindexed table of 139 text columns (baseline)', times.copy),
      row('`mathshubs import gias` into an empty register (read, check, stage, upsert, events)', times.first),
      row('re-import of the unchanged file', times.again),
      '',
      `Aim: at most 3 × the baseline. Medians of ${rounds} rounds, the steps alternating. The re-import added ${reimport.added} and changed ${reimport.updated} schools.`,
      '',
    ].join('\n');
  } finally {
    await database.drop();
    rmSync(directory, { recursive: true, force: true });
  }
}
