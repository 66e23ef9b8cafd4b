import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import {
  hasRole,
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may see and change hub activities, their leads, schools, sessions and registers. Plain rules,
 * denying by default: routes check the broad rule first and the record rule after loading.
 *  - national administrators: everything;
 *  - national analysts: read everything;
 *  - hub leadership: their own hub's activities and LLMEs (what anyone sees of a hub is the one hub
 *    scope rule, `platform/hub-scope.ts`; another hub's activity is "not found");
 *  - LLMEs: the activities they lead (see them and take their registers), nothing else.
 */

export interface ActivityRecord {
  hubId: number;
  leadPersonIds: readonly number[];
}

/** May open the hub's activity list and LLME roster (national staff choose a hub). */
export const canViewHubActivities = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/** May plan activities somewhere (the hub is checked again on submit). */
export const canPlanActivities = (p: Principal | null) =>
  isNationalAdmin(p) || hubIdsOf(p, 'hub_leadership').length > 0;

/** May plan and manage activities of this hub. */
export const canManageHubActivities = (p: Principal | null, hubId: number) =>
  isNationalAdmin(p) || isHubLeadershipOf(p, hubId);

const leads = (p: Principal | null, activity: ActivityRecord) =>
  !!p && hasRole(p, 'llme') && activity.leadPersonIds.includes(p.personId);

/** May open activity pages at all (the record is checked after loading). */
export const canOpenActivities = (p: Principal | null) => canViewHubActivities(p) || hasRole(p, 'llme');

/** May see this activity: national staff, its hub's leadership, the LLMEs who lead it. */
export const canViewActivity = (p: Principal | null, activity: ActivityRecord) =>
  canSeeHub(p, activity.hubId) || leads(p, activity);

/** May change this activity, its leads, schools and sessions. */
export const canManageActivity = (p: Principal | null, activity: ActivityRecord) =>
  canManageHubActivities(p, activity.hubId);

/** May take this activity's registers: whoever manages it, and the LLMEs who lead it. */
export const canTakeRegister = (p: Principal | null, activity: ActivityRecord) =>
  canManageActivity(p, activity) || leads(p, activity);

/** May see "My activities": LLMEs. */
export const canSeeMyActivities = (p: Principal | null) => hasRole(p, 'llme');
