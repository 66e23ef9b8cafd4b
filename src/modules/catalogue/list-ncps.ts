import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYears } from '../hubs/schema.ts';
import { ncps } from './schema.ts';

export type Ncp = typeof ncps.$inferSelect;

export interface CatalogueYear {
  year: string;
  /** The NCPs as the handbook counts them (countCatalogue). */
  ncpCount: number;
  riwgCount: number;
}

export interface CatalogueCount {
  /** Network Collaborative Projects: a two-phase programme once, RIWGs apart (33 in 2023/24). */
  ncps: number;
  /** Research and Innovation Work Groups (type research_innovation, codes like RIWG23-01). */
  riwgs: number;
}

/**
 * How a catalogue is counted, as the handbook counts it ("33 different Network Collaborative Projects"
 * in 2023/24, catalogued as 35 codes): an NCP that is the next phase of another NCP of the same
 * catalogue (NCP23-28b, Phase 2 of NCP23-28a) is the same NCP and is not counted again; Research and
 * Innovation Work Groups are counted apart. The annual report's "Network Collaborative Projects" uses
 * the same rule (docs/definitions.md).
 */
export function countCatalogue(
  rows: readonly { code: string; type: string; nextNcpCode: string | null }[],
  within: readonly { code: string; nextNcpCode: string | null }[] = rows,
): CatalogueCount {
  const nextPhases = new Set(within.map((r) => r.nextNcpCode).filter((c): c is string => !!c));
  const riwgs = rows.filter((r) => r.type === 'research_innovation').length;
  const ncpCount = rows.filter((r) => r.type !== 'research_innovation' && !nextPhases.has(r.code)).length;
  return { ncps: ncpCount, riwgs };
}

/** A year's catalogue counted (countCatalogue); `entries` is every code in it. */
export async function catalogueCounts(
  db: Executor,
  yearCode: string,
): Promise<CatalogueCount & { entries: number }> {
  const rows = await db
    .select({ code: ncps.code, type: ncps.type, nextNcpCode: ncps.nextNcpCode })
    .from(ncps)
    .where(eq(ncps.yearCode, yearCode));
  return { ...countCatalogue(rows), entries: rows.length };
}

/** The academic years that have a catalogue, newest first, with how many NCPs and RIWGs each has. */
export async function listCatalogueYears(db: Executor): Promise<CatalogueYear[]> {
  const rows = await db
    .select({ year: ncps.yearCode, code: ncps.code, type: ncps.type, nextNcpCode: ncps.nextNcpCode })
    .from(ncps)
    .orderBy(sql`${ncps.yearCode} desc`);
  const years = [...new Set(rows.map((r) => r.year))];
  return years.map((year) => {
    const counted = countCatalogue(rows.filter((r) => r.year === year));
    return { year, ncpCount: counted.ncps, riwgCount: counted.riwgs };
  });
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
