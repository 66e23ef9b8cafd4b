import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import {
  canReadNationally,
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may see and change grant rules, statements and claims. Deny by default:
 *  - national administrators: everything (edit rules, close statements, approve, reject and pay claims);
 *  - national analysts: read everything;
 *  - hub leadership: their own hub's statement and claims, and submit claims for their hub;
 *  - everyone else: nothing.
 */

/** May open a hub's statement and claims pages (national staff choose a hub). */
export const canViewHubFunding = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/** May read this hub's statement and claims (the one hub scope rule; another hub's is "not found"). */
export const canViewFundingOf = (p: Principal | null, hubId: number) => canSeeHub(p, hubId);

/** May submit claims somewhere (the hub is checked again on submit). */
export const canSubmitClaims = (p: Principal | null) => hubIdsOf(p, 'hub_leadership').length > 0;

/** May submit a claim for this hub: its leadership. */
export const canSubmitClaimFor = (p: Principal | null, hubId: number) => isHubLeadershipOf(p, hubId);

/** May see every hub's funding, the national totals and the rules. */
export const canViewNationalFunding = (p: Principal | null) => canReadNationally(p);

/** May edit rules, close statements and decide claims. */
export const canManageFunding = (p: Principal | null) => isNationalAdmin(p);
