import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { Services } from '../../platform/services.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearFromSlug } from '../journeys/journey-rules.ts';

/** The academic years with delivery on record (activities), oldest first: the years a report can be for. */
export async function reportYears(db: Executor): Promise<string[]> {
  const rows = await db.execute<{ code: string }>(
    sql`SELECT code FROM academic_years y WHERE EXISTS (SELECT 1 FROM hub_activities a WHERE a.year_code = y.code) ORDER BY code`,
  );
  return rows.rows.map((r) => r.code);
}

/**
 * The year asked for (`2023-24` or `2023/24`), or this academic year: the one year control's rule. The
 * years offered are those recorded and this one (`yearOptions`); `hasData` says whether the year has
 * delivery on record. A year without records is an empty report that says so, never "not found".
 */
export async function chosenYear(services: Pick<Services, 'db'>, slug: string | undefined) {
  const [recorded, years] = await Promise.all([reportYears(services.db), yearOptions(services.db)]);
  const asked = slug ? yearFromSlug(slug) : null;
  const yearCode = asked ?? currentAcademicYear();
  return { yearCode, years, hasData: recorded.includes(yearCode) };
}
