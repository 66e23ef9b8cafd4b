import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubScopeCondition, hubScopeOf } from '../../platform/hub-scope.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubs } from './schema.ts';

export interface HubOption {
  id: number;
  slug: string;
  name: string;
}

export interface HubChoice {
  /** The hub the page is about, or null when national staff have not chosen one yet. */
  hub: HubOption | null;
  /** The hubs the person may choose from (every hub for national staff; their own for hub leadership). */
  options: HubOption[];
}

/** The hubs in a person's hub scope, by name. */
export async function hubOptionsFor(db: Executor, principal: Principal | null): Promise<HubOption[]> {
  const scope = hubScopeOf(principal);
  if (scope.kind === 'none') return [];
  return db
    .select({ id: hubs.id, slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(hubScopeCondition(scope, hubs.id))
    .orderBy(asc(hubs.name));
}

/**
 * The one hub chooser of every hub page ("my hub" pages, dashboards, funnels, statements):
 * `?hub=slug` chooses among the hubs in the person's scope (`hubScopeOf`); without it, hub
 * leadership see their (first) hub and national staff have not chosen yet (`hub: null`, they choose).
 * A slug outside the scope, or of no hub at all, is "not found" (404): existence is not disclosed.
 */
export async function chooseHub(
  db: Executor,
  principal: Principal | null,
  slug: string | undefined,
): Promise<HubChoice> {
  const options = await hubOptionsFor(db, principal);
  if (slug) {
    const found = options.find((h) => h.slug === slug);
    if (!found) throw new NotFoundError('There is no such Maths Hub');
    return { hub: found, options };
  }
  const national = hubScopeOf(principal).kind === 'all';
  return { hub: national ? null : (options[0] ?? null), options };
}

/** A hub by its slug (for the API), whoever asks; the caller checks the scope. */
export async function hubBySlug(db: Executor, slug: string): Promise<HubOption | null> {
  const [hub] = await db
    .select({ id: hubs.id, slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.slug, slug));
  return hub ?? null;
}

/**
 * The hub slug a hub page's links carry (`?hub=`): the chosen hub's when the person could have chosen
 * another (national staff, or the leadership of several hubs); none when it is their only hub.
 */
export function hubSlugToKeep(principal: Principal | null, choice: HubChoice): string {
  if (!choice.hub) return '';
  return hubScopeOf(principal).kind === 'all' || choice.options.length > 1 ? choice.hub.slug : '';
}

/** The hub chooser's items for a GOV.UK select: "Choose a hub" (or `first`), then the hubs in scope. */
export const hubChoiceItems = (
  choice: { options: readonly { slug: string; name: string }[] },
  first: { value: string; text: string } | null = { value: '', text: 'Choose a hub' },
) => [...(first ? [first] : []), ...choice.options.map((h) => ({ value: h.slug, text: h.name }))];
