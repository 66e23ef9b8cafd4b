import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/** A hub's activities that are planned or running, as options of a select. */
export async function hubActivityOptions(
  db: Executor,
  hubId: number,
): Promise<{ value: string; text: string }[]> {
  const { rows } = await db.execute<{ id: number; title: string; year_code: string; code: string }>(sql`
    SELECT a.id, a.title, a.year_code, n.code FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
    WHERE a.hub_id = ${hubId} AND a.status IN ('planned', 'running')
    ORDER BY a.year_code DESC, n.code, a.title LIMIT 500`);
  return rows.map((r) => ({ value: String(r.id), text: `${r.year_code} ${r.code}: ${r.title}` }));
}
