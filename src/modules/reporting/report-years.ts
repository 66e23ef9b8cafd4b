import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/** The academic years with delivery on record (activities), oldest first: the years a report can be for. */
export async function reportYears(db: Executor): Promise<string[]> {
  const rows = await db.execute<{ code: string }>(
    sql`SELECT code FROM academic_years y WHERE EXISTS (SELECT 1 FROM hub_activities a WHERE a.year_code = y.code) ORDER BY code`,
  );
  return rows.rows.map((r) => r.code);
}
