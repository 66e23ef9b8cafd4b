import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import {
  hasRole,
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may do what in Targeted Support (issue 16). Hub leadership (their hubs) and the national team see
 * referrals and partnerships; an Intensive Support Partner sees their own partnerships only. Another
 * hub's record, or another ISP's partnership, is "not found".
 */
export const isIsp = (p: Principal | null) => hasRole(p, 'intensive_support_partner');

/** The lists' page: the hub scope, or an ISP's own partnerships. */
export const canUseTargetedSupport = (p: Principal | null) => hasHubScope(hubScopeOf(p)) || isIsp(p);

/** A referral's page: the hub scope (the national team, analysts included, and hub leadership), read-only for those who may not decide. */
export const canSeeReferrals = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/** Referring schools and deciding referrals: hub leadership (their hubs) and national administrators. */
export const canRefer = (p: Principal | null) =>
  isNationalAdmin(p) || hubIdsOf(p, 'hub_leadership').length > 0;

export const canDecideReferral = (p: Principal | null, referral: { hubId: number }) =>
  isNationalAdmin(p) || isHubLeadershipOf(p, referral.hubId);

/** The partnership pages: its hub's scope, and its own ISP. */
export const canOpenPartnerships = canUseTargetedSupport;

export const canSeePartnership = (p: Principal | null, rec: { hubId: number; ispPersonId: number }) =>
  canSeeHub(p, rec.hubId) || (!!p && isIsp(p) && rec.ispPersonId === p.personId);

/** Working on the plan: its ISP, the hub's leadership and national administrators. */
export const canWorkOnPartnership = (p: Principal | null, rec: { hubId: number; ispPersonId: number }) =>
  isNationalAdmin(p) ||
  (!!p && isHubLeadershipOf(p, rec.hubId)) ||
  (!!p && isIsp(p) && rec.ispPersonId === p.personId);

/** Handing the school over into a Work Group: the hub's leadership and national administrators. */
export const canHandOver = (p: Principal | null, rec: { hubId: number }) =>
  isNationalAdmin(p) || isHubLeadershipOf(p, rec.hubId);
