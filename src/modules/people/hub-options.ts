import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { hubs } from '../hubs/schema.ts';

export interface HubOption {
  id: number;
  name: string;
}

/** Hubs to choose from in a form: every hub, or only the given ones. */
export async function listHubOptions(db: Executor, only: number[] | 'all'): Promise<HubOption[]> {
  if (only !== 'all' && only.length === 0) return [];
  const query = db.select({ id: hubs.id, name: hubs.name }).from(hubs);
  return (only === 'all' ? query : query.where(inArray(hubs.id, only))).orderBy(asc(hubs.name));
}
