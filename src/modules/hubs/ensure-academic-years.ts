import type { Executor } from '../../platform/database.ts';
import { academicYearBounds, academicYearCode } from '../../platform/dates.ts';
import { academicYears } from './schema.ts';

/** Makes sure the academic years starting in these years exist (1 September to 31 August, `2023/24`). */
export async function ensureAcademicYears(
  db: Executor,
  firstStartYear: number,
  lastStartYear: number,
): Promise<number> {
  const years = [];
  for (let start = firstStartYear; start <= lastStartYear; start++) {
    const code = academicYearCode(start);
    years.push({ code, ...academicYearBounds(code) });
  }
  if (!years.length) return 0;
  const added = await db
    .insert(academicYears)
    .values(years)
    .onConflictDoNothing()
    .returning({ code: academicYears.code });
  return added.length;
}
