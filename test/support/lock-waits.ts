import type pg from 'pg';

/**
 * Waits until some transaction waits for a lock of this kind (`pg_locks.locktype`: 'advisory' for an
 * advisory lock, 'transactionid' for a row another transaction has changed), for the deadlock tests that
 * build a circle step by step; fails, naming `who`, after ten seconds.
 */
export async function untilWaiting(pool: pg.Pool, locktype: 'advisory' | 'transactionid', who: string) {
  for (let waited = 0; ; waited += 20) {
    const blocked = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_locks WHERE locktype = $1 AND NOT granted',
      [locktype],
    );
    if (blocked.rows[0]!.n > 0) return;
    if (waited > 10_000) throw new Error(`${who} never waited for the lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
