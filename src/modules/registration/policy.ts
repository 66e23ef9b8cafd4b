import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import { hasRole, hubIdsOf, isHubLeadershipOf, type Principal } from '../../platform/principal.ts';
import { canManagePeople, isWhollyManagedBy } from '../people/policy.ts';

/**
 * Who may register people and schools, see programmes and pathways, and find and merge duplicate
 * people. Plain rules, denying by default: routes check the broad rule first and the record rule after
 * loading (hub leadership and LLMEs are confined to their own hub's records).
 */

/** The registration page: hub leadership (for their hub's activities), participants and school contacts. */
export const canUseSignUp = (p: Principal | null) =>
  hasRole(p, 'hub_leadership', 'participant', 'school_contact');

/** How `p` may register on an activity of hub `hubId`: anyone (as hub leadership), themself, or not at all. */
export function signUpMode(p: Principal | null, hubId: number): 'others' | 'self' | null {
  if (isHubLeadershipOf(p, hubId)) return 'others';
  if (hasRole(p, 'participant', 'school_contact')) return 'self';
  return null;
}

/** Registering a school with its statement of commitment: its school contact, or the hub's leadership. */
export function canRegisterSchool(p: Principal | null, hubId: number, schoolUrn: number | null): boolean {
  if (isHubLeadershipOf(p, hubId)) return true;
  return (
    !!p && schoolUrn !== null && p.roles.some((r) => r.role === 'school_contact' && r.schoolUrn === schoolUrn)
  );
}

/** The schools `p` is the school contact of. */
export const contactSchoolsOf = (p: Principal | null): number[] =>
  p
    ? [
        ...new Set(
          p.roles.filter((r) => r.role === 'school_contact' && r.schoolUrn !== null).map((r) => r.schoolUrn!),
        ),
      ]
    : [];

/** My programmes: anyone signed in may have enrolments (the page lists only their own). */
export const canSeeOwnProgrammes = (p: Principal | null) => !!p;

/** One enrolment: the participant themself, their hub's leadership, national staff. */
export function canSeeEnrolment(
  p: Principal | null,
  enrolment: { personId: number; hubId: number },
): boolean {
  if (!p) return false;
  return p.personId === enrolment.personId || canSeeHub(p, enrolment.hubId);
}

/**
 * Duplicate people: those in the person's hub scope (`hubScopeOf`: everyone's for national staff, the
 * people of their hubs for hub leadership), as `findDuplicates` is given it.
 */
export const canViewDuplicates = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/** Merging changes records: national administrators, or hub leadership (only people in their hub). */
export const canMergeAny = (p: Principal | null) => canManagePeople(p);

/**
 * Merging two given people, given the hubs of every record each holds (roles, enrolments, leads,
 * places; `null` for a national one): national administrators always; hub leadership only when both
 * records lie wholly within their hubs (`merge-scope.ts` adds: and every role that moves is theirs to give).
 */
export const canMergePeople = (
  p: Principal | null,
  hubIdsOfA: readonly (number | null)[],
  hubIdsOfB: readonly (number | null)[],
): boolean => isWhollyManagedBy(p, [...hubIdsOfA, ...hubIdsOfB]);

/** Registering interest in a hub's offer: anyone signed in (for themself, with their school). */
export const canRegisterInterest = (p: Principal | null) => !!p;

/** The interest registered in a hub's offer: its leadership and national staff. */
export const canViewInterests = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/**
 * The interest list of a hub (its page and its export): its leadership and national staff, and the
 * local authority partners of the hub (the interest from schools in their local authorities only).
 */
export const canViewInterestList = (p: Principal | null) =>
  canViewInterests(p) || laPartnerHubIdsOf(p).length > 0;

/** The hubs `p` is a local authority partner of. */
export const laPartnerHubIdsOf = (p: Principal | null): number[] => hubIdsOf(p, 'la_partner');

/**
 * Which of a hub's interest `p` sees: all of it (the hub in their hub scope), that from schools in
 * their local authorities (its local authority partner), or none (another hub's: "not found").
 */
export type InterestScope = { kind: 'all' } | { kind: 'las'; laCodes: string[] } | { kind: 'none' };
export function interestScopeOf(p: Principal | null, hubId: number): InterestScope {
  if (canSeeHub(p, hubId)) return { kind: 'all' };
  const laCodes = [
    ...new Set(
      (p?.roles ?? [])
        .filter((r) => r.role === 'la_partner' && r.hubId === hubId && r.laCode)
        .map((r) => r.laCode!),
    ),
  ];
  return laCodes.length ? { kind: 'las', laCodes } : { kind: 'none' };
}

/** Turning interest into registrations, and letting people register from the offer: the hub's leadership. */
export const canRegisterInterests = (p: Principal | null, hubId: number) => isHubLeadershipOf(p, hubId);
export const canRegisterAnyInterests = (p: Principal | null) => hasRole(p, 'hub_leadership');
