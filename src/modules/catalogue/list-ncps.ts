import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYears } from '../hubs/schema.ts';
import { ncps } from './schema.ts';

export type Ncp = typeof ncps.$inferSelect;

export interface CatalogueYear {
  year: string;
  ncpCount: number;
}

/** The academic years that have a catalogue, newest first, with how many NCPs each has. */
export async function listCatalogueYears(db: Executor): Promise<CatalogueYear[]> {
  const rows = await db
    .select({ year: ncps.yearCode, ncpCount: count() })
    .from(ncps)
    .groupBy(ncps.yearCode)
    .orderBy(sql`${ncps.yearCode} desc`);
  return rows.map((r) => ({ year: r.year, ncpCount: Number(r.ncpCount) }));
}

/** Every academic year the platform knows (for the copy-forward form). */
export async function listAcademicYears(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ code: academicYears.code })
    .from(academicYears)
    .orderBy(asc(academicYears.code));
  return rows.map((r) => r.code);
}

/** Sorts NCP codes as people read them: NCP23-07a, NCP23-07b, NCP23-08, …, NCP23-09s, NCP23-10. */
export function compareCodes(a: string, b: string): number {
  return a.localeCompare(b, 'en-GB', { numeric: true });
}

/** A year's catalogue, in code order. */
export async function listNcps(db: Executor, year: string): Promise<Ncp[]> {
  const rows = await db.select().from(ncps).where(eq(ncps.yearCode, year));
  return rows.sort((a, b) => compareCodes(a.code, b.code));
}

export async function getNcp(db: Executor, year: string, code: string): Promise<Ncp> {
  const [row] = await db
    .select()
    .from(ncps)
    .where(and(eq(ncps.yearCode, year), eq(ncps.code, code)));
  if (!row) throw new NotFoundError(`There is no ${code} in the ${year} catalogue`);
  return row;
}

/** A year's NCPs' codes and titles, in the order PostgreSQL sorts the codes (for choosing one). */
export async function ncpTitles(db: Executor, year: string): Promise<{ code: string; title: string }[]> {
  return db
    .select({ code: ncps.code, title: ncps.title })
    .from(ncps)
    .where(eq(ncps.yearCode, year))
    .orderBy(asc(ncps.code));
}

/** An NCP if it exists (for links that may point to a year not yet catalogued). */
export async function findNcp(db: Executor, year: string, code: string): Promise<Ncp | null> {
  const [row] = await db
    .select()
    .from(ncps)
    .where(and(eq(ncps.yearCode, year), eq(ncps.code, code)));
  return row ?? null;
}
