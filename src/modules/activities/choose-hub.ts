import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { canReadNationally, hubIdsOf, type Principal } from '../../platform/principal.ts';
import { academicYears, hubs } from '../hubs/schema.ts';

export interface HubChoice {
  /** The hub the page is about, or null when national staff have not chosen one yet. */
  hub: { id: number; slug: string; name: string } | null;
  /** The hubs the person may choose from (every hub for national staff; their own for hub leadership). */
  options: { slug: string; name: string }[];
}

/**
 * The hub of a "my hub" page: hub leadership's own hub (or one of theirs, by `?hub=slug`); national
 * staff choose any hub with `?hub=slug`. Another hub's slug is "not found" for hub leadership.
 */
export async function chooseHub(
  db: Executor,
  principal: Principal,
  slug: string | undefined,
): Promise<HubChoice> {
  const national = canReadNationally(principal);
  const own = hubIdsOf(principal, 'hub_leadership');
  const columns = { id: hubs.id, slug: hubs.slug, name: hubs.name };
  const options = national
    ? await db.select(columns).from(hubs).orderBy(asc(hubs.name))
    : own.length
      ? await db.select(columns).from(hubs).where(inArray(hubs.id, own)).orderBy(asc(hubs.name))
      : [];
  if (slug) {
    const found = options.find((h) => h.slug === slug);
    if (!found) throw new NotFoundError('There is no such hub');
    return { hub: found, options };
  }
  return { hub: national ? null : (options[0] ?? null), options };
}

/** A hub by its slug (for the API). */
export async function hubBySlug(db: Executor, slug: string) {
  const [hub] = await db
    .select({ id: hubs.id, slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.slug, slug));
  return hub ?? null;
}

/** The academic years to choose from (those recorded, and this one), newest first. */
export async function yearOptions(db: Executor, today = todayInEngland()): Promise<string[]> {
  const rows = await db.select({ code: academicYears.code }).from(academicYears);
  return [...new Set([...rows.map((r) => r.code), academicYearOf(today)])].sort().reverse();
}

export const currentAcademicYear = (today = todayInEngland()) => academicYearOf(today);
