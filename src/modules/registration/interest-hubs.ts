import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import type { Principal } from '../../platform/principal.ts';
import { chooseHub, type HubChoice } from '../hubs/choose-hub.ts';
import { hubs } from '../hubs/schema.ts';
import { laPartnerHubIdsOf } from './policy.ts';

/**
 * The hub of the interest list: the one hub chooser for hub staff (`chooseHub`); for a local authority
 * partner, among the hubs they are partner of (their first without `?hub=`). Any other hub is "not found".
 */
export async function chooseInterestHub(
  db: Executor,
  principal: Principal,
  slug: string | undefined,
): Promise<HubChoice> {
  if (hasHubScope(hubScopeOf(principal))) return chooseHub(db, principal, slug);
  const ids = laPartnerHubIdsOf(principal);
  const options = ids.length
    ? await db
        .select({ id: hubs.id, slug: hubs.slug, name: hubs.name })
        .from(hubs)
        .where(inArray(hubs.id, ids))
        .orderBy(asc(hubs.name))
    : [];
  if (slug) {
    const found = options.find((h) => h.slug === slug);
    if (!found) throw new NotFoundError('There is no such Maths Hub');
    return { hub: found, options };
  }
  return { hub: options[0] ?? null, options };
}
