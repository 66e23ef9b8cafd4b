import { inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { schools } from './schema.ts';

/** The names of schools by URN (those on the register; an unknown URN is left out). */
export async function schoolNames(db: Executor, urns: readonly number[]): Promise<Map<number, string>> {
  if (!urns.length) return new Map();
  const rows = await db
    .select({ urn: schools.urn, name: schools.name })
    .from(schools)
    .where(inArray(schools.urn, [...urns]));
  return new Map(rows.map((s) => [s.urn, s.name]));
}
