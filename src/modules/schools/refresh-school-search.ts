import type pg from 'pg';

/**
 * After a bulk load of schools (a GIAS import, the demo network): fresh planner statistics, and the
 * name-search index's pending entries merged. GIN indexes queue bulk inserts in a pending list that
 * every search must scan until it is merged; left to autovacuum, searches run several times slower.
 */
export async function refreshSchoolSearch(pool: pg.Pool): Promise<void> {
  await pool.query('ANALYZE schools');
  await pool.query("SELECT gin_clean_pending_list('schools_name_search_idx'::regclass)");
}
