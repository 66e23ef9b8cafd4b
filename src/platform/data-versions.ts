import { sql } from 'drizzle-orm';
import type { Executor } from './database.ts';
import { preparedRows } from './prepared.ts';

/** The records a page shows, besides the national ones: hubs' (by id or slug) or one activity's. */
export interface VersionScope {
  hubIds?: readonly number[];
  hubSlug?: string | undefined;
  activityId?: number | undefined;
}

/**
 * The versions of the records a page shows (src/platform/data-versions-schema.ts), as one string: the
 * national version and those of the page's hubs or activity. Any committed change to those records
 * gives a new string. Read it before the page's records, so a page made after it is never older than
 * it says. One prepared statement of primary-key lookups.
 */
export async function dataVersionsOf(db: Executor, scope: VersionScope): Promise<string> {
  const scopes = [
    'national',
    ...(scope.hubIds ?? []).map((id) => `hub:${id}`),
    ...(scope.activityId !== undefined ? [`activity:${scope.activityId}`] : []),
  ];
  const [row] = await preparedRows<{ versions: string | null }>(
    db,
    sql`SELECT string_agg(v.scope || '=' || v.version, ',' ORDER BY v.scope) AS versions
      FROM data_versions v
      WHERE v.scope = ANY(${sql.param(scopes)}::text[])
        OR v.scope = (SELECT 'hub:' || h.id FROM hubs h WHERE h.slug = ${scope.hubSlug ?? null}::text)`,
  );
  return row?.versions ?? '';
}
