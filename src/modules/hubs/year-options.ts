import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { academicYears } from './schema.ts';

/** The academic years to choose from (those recorded, and this one), newest first. */
export async function yearOptions(db: Executor, today = todayInEngland()): Promise<string[]> {
  const rows = await db.select({ code: academicYears.code }).from(academicYears);
  return [...new Set([...rows.map((r) => r.code), academicYearOf(today)])].sort().reverse();
}

/** The academic year of today in England (the machine's date decides it). */
export const currentAcademicYear = (today = todayInEngland()) => academicYearOf(today);
