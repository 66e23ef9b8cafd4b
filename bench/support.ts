import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { connect, freePort, migrateDatabase, withDatabase } from '../src/platform/database.ts';
import { startFlags } from '../test/support/start-flags.ts';
// The benchmarks call use cases directly: they follow delivery as the app does.
import '../src/subscriptions.ts';

export { freePort, withDatabase } from '../src/platform/database.ts';

export const root = path.resolve(import.meta.dirname, '..');
export const nodeBin = process.execPath;

export { startFlags };

/** A fresh migrated database for one benchmark; `drop` removes it. */
export async function benchDatabase(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const handle = connect(withDatabase(serverUrl, name), 8);
  await migrateDatabase(handle);
  return {
    ...handle,
    async drop() {
      await handle.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Starts a Node process and resolves when it prints `marker`. */
export function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  marker: RegExp,
  timeoutMs = 300_000,
): Promise<{ child: ChildProcess; seconds: number; output: () => string }> {
  const started = performance.now();
  const child = spawn(nodeBin, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out waiting for ${marker}: ${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (marker.test(output)) {
        clearTimeout(timer);
        resolve({ child, seconds: (performance.now() - started) / 1000, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${marker}: ${output.slice(-2000)}`));
    });
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export interface LoadResult {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Drives `paths` (round-robin) at `connections` for `seconds` with autocannon. */
export async function load(
  baseUrl: string,
  paths: string[],
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
  method: 'GET' | 'POST' = 'GET',
): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    headers,
    method,
    requests: [
      {
        setupRequest: (request) => {
          request.path = paths[i++ % paths.length]!;
          return request;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export const fmt = (n: number, digits = 2) => n.toLocaleString('en-GB', { maximumFractionDigits: digits });

/** A benchmark server (bench/server.ts) as the load generator reaches it. */
export interface BenchServer {
  base: string;
  pid: number;
  /** Its connections' application name, to count its PostgreSQL backends' CPU (cpuMs). */
  app: string;
  /** The signed-in session's cookie, when started with BENCH_PERSON_ID. */
  headers: Record<string, string>;
}

/**
 * Two servers of the same code on the same database, side by side: `kept` keeps pages as the product
 * does (PAGE_CACHE_MB=64), `fresh` makes every page afresh (PAGE_CACHE_MB=0), so both costs are measured
 * in the same run. Stop them with `stop`.
 */
export async function keptAndFreshServers(
  serverUrl: string,
  database: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ kept: BenchServer; fresh: BenchServer; stop: () => Promise<void> }> {
  const url = withDatabase(serverUrl, database);
  const start = async (cacheMb: string): Promise<[BenchServer, ChildProcess]> => {
    const port = await freePort();
    const app = `mh_bench_${cacheMb}`;
    const server = await startProcess(
      [...startFlags, 'bench/server.ts'],
      {
        ...env,
        DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}application_name=${app}`,
        PORT: String(port),
        PAGE_CACHE_MB: cacheMb,
      },
      /ready/,
    );
    const cookie = /cookie (\S+)/.exec(server.output())?.[1];
    return [
      { base: `http://127.0.0.1:${port}`, pid: server.child.pid!, app, headers: cookie ? { cookie } : {} },
      server.child,
    ];
  };
  const [kept, keptChild] = await start('64');
  const [fresh, freshChild] = await start('0').catch(async (error) => {
    await stopProcess(keptChild);
    throw error;
  });
  return {
    kept,
    fresh,
    stop: async () => {
      await stopProcess(keptChild);
      await stopProcess(freshChild);
    },
  };
}
