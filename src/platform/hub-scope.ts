import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { canReadNationally, hubIdsOf, type Principal } from './principal.ts';

/**
 * The one hub scope rule: which hubs' records a person may see as staff.
 *  - national administrators and analysts: every hub (`all`);
 *  - hub leadership: the hubs they lead (`hubs`);
 *  - anyone else: none (`none`). LLMEs, participants and school contacts see their own records by
 *    the record rules of each module (the activities they lead, their own places, their school), not
 *    through a hub scope.
 *
 * Another hub's record, asked for by id or slug, is answered "not found" (404), never "forbidden":
 * the answer must not tell anyone that the record exists.
 */
export type HubScope = { kind: 'all' } | { kind: 'hubs'; hubIds: readonly number[] } | { kind: 'none' };

export function hubScopeOf(p: Principal | null): HubScope {
  if (canReadNationally(p)) return { kind: 'all' };
  const hubIds = hubIdsOf(p, 'hub_leadership');
  return hubIds.length ? { kind: 'hubs', hubIds } : { kind: 'none' };
}

/** Whether the scope reaches any hub at all (the gate of a hub page). */
export const hasHubScope = (scope: HubScope) => scope.kind !== 'none';

/** Whether a record of this hub (`null`: a national record) lies in the scope. */
export const inHubScope = (scope: HubScope, hubId: number | null | undefined): boolean =>
  scope.kind === 'all' || (scope.kind === 'hubs' && hubId != null && scope.hubIds.includes(hubId));

/** Whether `p` may see the records of this hub as staff. */
export const canSeeHub = (p: Principal | null, hubId: number | null | undefined) =>
  inHubScope(hubScopeOf(p), hubId);

/** A WHERE condition confining a hub id column to a scope (`undefined`: no condition; `false`: nothing). */
export function hubScopeCondition(scope: HubScope, hubIdColumn: PgColumn): SQL | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none' || scope.hubIds.length === 0) return sql`false`;
  return inArray(hubIdColumn, [...scope.hubIds]);
}
