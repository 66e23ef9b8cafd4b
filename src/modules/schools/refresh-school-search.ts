import type pg from 'pg';

/**
 * After a bulk load of schools (a GIAS import, the demo network): fresh planner statistics, and the
 * name-search index's pending entries merged. GIN indexes queue bulk inserts in a pending list that
 * every search must scan until it is merged; left to autovacuum, searches run several times slower.
 * The two run side by side, on two connections: neither waits for the other's locks.
 */
export async function refreshSchoolSearch(pool: pg.Pool): Promise<void> {
  await Promise.all([
    pool.query('ANALYZE schools'),
    pool.query("SELECT gin_clean_pending_list('schools_name_search_idx'::regclass)"),
  ]);
}

/**
 * For a bulk load's transaction: the name-search index queues every new entry in its pending list,
 * rather than merging the list into the index each time it passes 4 MB, in the middle of the load;
 * `refreshSchoolSearch` merges it once, afterwards, beside the statistics.
 */
export const queueNameSearchEntries = "SET LOCAL gin_pending_list_limit = '1GB'";
