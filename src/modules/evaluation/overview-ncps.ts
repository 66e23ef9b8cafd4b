import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/** The NCPs of a year's catalogue with activities, by their code without the year (`09`), for the NCP page. */
export async function evaluationNcpChoices(db: Executor, yearCode: string) {
  const rows = await db.execute<{ key: string; code: string; title: string }>(sql`
    SELECT regexp_replace(n.code, '^NCP[0-9][0-9]-', '') AS key, n.code, n.title
    FROM ncps n WHERE n.year_code = ${yearCode} AND n.code LIKE 'NCP%'
      AND EXISTS (SELECT 1 FROM hub_activities a WHERE a.ncp_id = n.id)
    ORDER BY n.code`);
  return rows.rows;
}
