import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { type SchoolPhase, schools } from './schema.ts';

export interface SchoolFilter {
  laCode?: string;
  phase?: SchoolPhase;
  stateFunded?: boolean;
  open?: boolean;
  page: number;
  pageSize: number;
}

/** The register, filtered and paged in URN order. */
export async function listSchools(db: Executor, filter: SchoolFilter) {
  const conditions: SQL[] = [];
  if (filter.laCode) conditions.push(eq(schools.laCode, filter.laCode));
  if (filter.phase) conditions.push(eq(schools.phase, filter.phase));
  if (filter.stateFunded !== undefined) conditions.push(eq(schools.isStateFunded, filter.stateFunded));
  if (filter.open !== undefined) conditions.push(eq(schools.isOpen, filter.open));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await readsAtOnce(db, [
    () =>
      db
        .select()
        .from(schools)
        .where(where)
        .orderBy(asc(schools.urn))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
    () => db.select({ n: count() }).from(schools).where(where),
  ]);
  return { total: total?.n ?? 0, schools: rows };
}
