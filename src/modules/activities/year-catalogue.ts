import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ncps } from '../catalogue/schema.ts';

/** The NCPs of a year's catalogue, to plan activities under. */
export const yearCatalogue = (db: Executor, yearCode: string) =>
  db
    .select({ id: ncps.id, code: ncps.code, title: ncps.title, type: ncps.type })
    .from(ncps)
    .where(eq(ncps.yearCode, yearCode))
    .orderBy(asc(ncps.code));
