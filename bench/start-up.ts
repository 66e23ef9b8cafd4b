import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, freePort, startFlags, startProcess, stopProcess } from './support.ts';

/** `npm start` on an empty data directory (initdb, migrations, demo data), then a warm restart. */
export async function benchStartUp(): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mh-bench-start-'));
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    DATABASE_URL: '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  try {
    const first = await startProcess([...startFlags, 'src/server.ts'], env, /running at/);
    await stopProcess(first.child);
    const warm = await startProcess([...startFlags, 'src/server.ts'], env, /running at/);
    await stopProcess(warm.child);
    return [
      '### Start-up of the platform on its embedded PostgreSQL',
      '',
      '| start | seconds |',
      '|---|---:|',
      `| first start on an empty data directory (initialise PostgreSQL, migrate, load the demo data) | ${fmt(first.seconds, 1)} |`,
      `| warm restart (data kept) | ${fmt(warm.seconds, 1)} |`,
      '',
      `Aims (issue 17): a first start under 15 s: **${first.seconds < 15 ? 'met' : 'not met'}**; a warm restart under 3 s: **${warm.seconds < 3 ? 'met' : 'not met'}**.`,
      '',
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
