import { readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * CPU time (ms) spent so far by this database's PostgreSQL backends and by the given local processes,
 * read from /proc. On a machine shared with other work, wall-clock times swing with everyone else's load;
 * the CPU time a step costs does much less. Null where /proc cannot be read (not Linux, or a remote server).
 */
export async function cpuMs(
  pool: pg.Pool,
  pids: number[] = [process.pid],
  /** Only the backends of connections with this application name (one server's, of several). */
  applicationName?: string,
): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ($1::text IS NULL OR application_name = $1)',
    [applicationName ?? null],
  );
  let ticks = 0;
  try {
    for (const pid of [...rows.map((r) => r.pid), ...pids]) {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (1/100 s).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return ticks * 10;
}
