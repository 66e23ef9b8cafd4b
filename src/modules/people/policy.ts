import { canSeeHub, type HubScope, hasHubScope, hubScopeOf, inHubScope } from '../../platform/hub-scope.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Role } from './schema.ts';

/**
 * Who may see and change people, their roles and the event log. Plain rules, denying by default:
 * routes check the broad rule before loading anything, and the record rule again after loading.
 * What a person may see is the one hub scope rule (`hubScopeOf`, platform/hub-scope.ts): a person is
 * visible to a hub once they hold a role there; another hub's person is "not found".
 */

/** The roles hub leadership may give and end, and only within their own hub. */
export const hubManagedRoles: readonly Role[] = [
  'llme',
  'intensive_support_partner',
  /** For one of the hub's local authorities (checked against the hub's area when given). */
  'la_partner',
  'participant',
  'school_contact',
];

/** @deprecated The one hub scope rule is `HubScope` (platform/hub-scope.ts); kept for the event log's files. */
export type Scope = HubScope;

const leadershipHubs = (p: Principal | null) => hubIdsOf(p, 'hub_leadership');

/** National administrators and analysts read every event; hub leadership their hub's events only. */
export const eventLogScope = (p: Principal | null): HubScope => hubScopeOf(p);
export const canViewEventLog = (p: Principal | null) => hasHubScope(eventLogScope(p));
export const canSeeEvent = (p: Principal | null, event: { hubId: number | null }) =>
  canSeeHub(p, event.hubId);

/** National administrators and analysts see everyone; hub leadership the people with a role in their hub. */
export const peopleScope = (p: Principal | null): HubScope => hubScopeOf(p);
export const canViewPeople = (p: Principal | null) => hasHubScope(peopleScope(p));

/** Whether a person (given all their role assignments, current or ended) is visible to `p`. */
export const canSeePerson = (p: Principal | null, assignments: readonly { hubId: number | null }[]) => {
  const scope = peopleScope(p);
  return scope.kind === 'all' || assignments.some((a) => inHubScope(scope, a.hubId));
};

/** Which of a visible person's role assignments `p` may see: hub leadership see their hubs' only. */
export const canSeeRoleAssignment = (p: Principal | null, assignment: { hubId: number | null }) =>
  canSeeHub(p, assignment.hubId);

/** Anyone who may change some roles: the gate of the people admin's forms. */
export const canManagePeople = (p: Principal | null) => isNationalAdmin(p) || leadershipHubs(p).length > 0;

export interface RoleGrantRequest {
  role: Role;
  hubId: number | null;
}

/**
 * National administrators give any role (the NCP roles only they, having no hub); hub leadership give
 * LLME, ISP, local authority partner, participant and school contact in their hub.
 */
export function canGrantRole(p: Principal | null, grant: RoleGrantRequest): boolean {
  if (isNationalAdmin(p)) return true;
  return (
    hubManagedRoles.includes(grant.role) && grant.hubId !== null && leadershipHubs(p).includes(grant.hubId)
  );
}

/** Ending a role follows the same rule as giving it, applied to the loaded assignment. */
export const canEndRole = (p: Principal | null, assignment: RoleGrantRequest) => canGrantRole(p, assignment);

/** The roles `p` may offer in the add-role form (each still checked with its hub on submit). */
export function grantableRoles(p: Principal | null, allRoles: readonly Role[]): Role[] {
  if (isNationalAdmin(p)) return [...allRoles];
  return leadershipHubs(p).length ? allRoles.filter((r) => hubManagedRoles.includes(r)) : [];
}

/** The hubs `p` may give roles in: every hub for national administrators, else their own. */
export const grantableHubIds = (p: Principal | null): number[] | 'all' =>
  isNationalAdmin(p) ? 'all' : leadershipHubs(p);

/** National administrators create anyone; hub leadership create a person only with a role they may give. */
export function canCreatePerson(p: Principal | null, firstRole: RoleGrantRequest | null): boolean {
  if (isNationalAdmin(p)) return true;
  return firstRole !== null && canGrantRole(p, firstRole);
}

/**
 * Whether records in these hubs (a person's roles, enrolments, leads, places: `null` for a national
 * one) lie wholly within what `p` manages: national administrators manage everything, hub leadership
 * only records in their hubs (never a national one).
 */
export function isWhollyManagedBy(p: Principal | null, hubIds: readonly (number | null)[]): boolean {
  if (isNationalAdmin(p)) return true;
  const mine = leadershipHubs(p);
  return mine.length > 0 && hubIds.every((h) => h !== null && mine.includes(h));
}

/**
 * Whether `p` may change the email address of a person holding these role assignments (current or
 * ended). The email is how they sign in, so a change hands their account to whoever holds the new
 * address: national administrators may change anyone's; hub leadership only of someone every one of
 * whose roles they could give themselves (LLME, participant, school contact in their hubs), never a
 * national role's or another hub's, nor another lead's.
 */
export function canChangeEmailOf(
  p: Principal | null,
  assignments: readonly { role: Role; hubId: number | null }[],
): boolean {
  if (isNationalAdmin(p)) return true;
  return assignments.length > 0 && assignments.every((a) => canGrantRole(p, a));
}
