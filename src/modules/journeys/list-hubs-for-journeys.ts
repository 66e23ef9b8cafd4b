import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

export type HubChoice = {
  id: number;
  slug: string;
  name: string;
};

/** The hubs (all, or these), by name: the choice of hub on the hub pages. */
export async function listHubChoices(db: Executor, ids: 'all' | readonly number[]): Promise<HubChoice[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const rows = await db.execute<HubChoice>(sql`
    SELECT id, slug, name FROM hubs
    ${ids === 'all' ? sql`` : sql`WHERE id = ANY(${`{${ids.join(',')}}`}::int[])`}
    ORDER BY name`);
  return rows.rows.map((r) => ({ ...r, id: Number(r.id) }));
}
