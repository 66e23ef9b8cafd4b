import { sql } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { preparedRows } from './prepared.ts';

/** The hubs whose records a page shows: by id, by slug, or the hub of an activity. */
export interface VersionScope {
  hubIds?: readonly number[];
  hubSlug?: string | undefined;
  activityId?: number | undefined;
}

/**
 * The versions of the records a page shows (src/platform/data-versions-schema.ts), as one string:
 * the national version, then each hub's. A change to any of those records, committed, gives a new
 * string. Read before the page's records, so a page made after it is never older than it says.
 * One prepared statement of primary-key lookups.
 */
export async function dataVersionsOf(db: Executor, scope: VersionScope): Promise<string> {
  const [row] = await preparedRows<{ versions: string }>(
    db,
    sql`SELECT coalesce((SELECT version FROM data_versions WHERE scope = 0), 0)::text || '/' || coalesce((
        SELECT string_agg(h.id || ':' || coalesce(v.version, 0), ',' ORDER BY h.id)
        FROM hubs h LEFT JOIN data_versions v ON v.scope = h.id
        WHERE h.id = ANY(${sql.param([...(scope.hubIds ?? [])])}::int[])
          OR h.slug = ${scope.hubSlug ?? null}::text
          OR h.id = (SELECT a.hub_id FROM hub_activities a WHERE a.id = ${scope.activityId ?? null}::int)
      ), '') AS versions`,
  );
  return row!.versions;
}
