import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/platform/database.ts';
import { createTestDatabase } from './support/database.ts';

// Every `mathshubs` command exits non-zero on a refusal or an error, whether the command line uses the
// server at DATABASE_URL or starts its own embedded PostgreSQL (the default install), so a scheduled
// script can tell failure from success.

const root = path.resolve(import.meta.dirname, '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function mathshubs(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mh-cli-'));
  // As root, the embedded PostgreSQL runs as the postgres user, who must reach its data directory.
  chmodSync(dir, 0o755);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('with DATABASE_URL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });
  const env = () => ({ DATABASE_URL: database.url });

  it('a rejected GIAS file exits 1', async () => {
    const run = await mathshubs(
      ['import', 'gias', file('bad-gias.csv', 'Name,Town\nA school,Leeds\n')],
      env(),
    );
    expect(run.stderr).toContain('The file was rejected; nothing was changed');
    expect(run.code).toBe(1);
  });

  it('a bad hubs CSV exits 1', async () => {
    const run = await mathshubs(['import', 'hubs', file('bad-hubs.csv', 'nonsense\nx\n')], env());
    expect(run.stderr).toContain('rejected');
    expect(run.code).toBe(1);
  });

  it('an unknown hub in a funding statement exits 1', async () => {
    const run = await mathshubs(['funding', 'statement', '--hub', 'no-such-hub', '--year', '2023/24'], env());
    expect(run.stderr).toContain('There is no hub no-such-hub');
    expect(run.code).toBe(1);
  });

  it('a missing file exits 1', async () => {
    const run = await mathshubs(['import', 'las', path.join(dir, 'not-there.csv')], env());
    expect(run.stderr).toContain('there is no such file');
    expect(run.code).toBe(1);
  });

  it('a command that succeeds exits 0', async () => {
    const run = await mathshubs(['hubs', 'list', '--format', 'csv'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('with its own embedded PostgreSQL (no DATABASE_URL)', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { DATA_DIR: path.join(dir, 'data'), EMBEDDED_PG_PORT: String(await freePort()) };
  });

  it('a rejected GIAS file, a bad hubs CSV and an unknown hub exit 1; a listing exits 0', async () => {
    const gias = await mathshubs(
      ['import', 'gias', file('bad-gias-2.csv', 'Name,Town\nA school,Leeds\n')],
      env,
    );
    expect(gias.stderr).toContain('The file was rejected; nothing was changed');
    expect(gias.code).toBe(1);

    const hubs = await mathshubs(['import', 'hubs', file('bad-hubs-2.csv', 'nonsense\nx\n')], env);
    expect(hubs.code).toBe(1);

    const funding = await mathshubs(['funding', 'statement', '--hub', 'nowhere', '--year', '2023/24'], env);
    expect(funding.stderr).toContain('There is no hub nowhere');
    expect(funding.code).toBe(1);

    const list = await mathshubs(['hubs', 'list'], env);
    expect(list.code).toBe(0);
  }, 180_000);
});
