import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import {
  hasRole,
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may see school journeys, engagement and funnels. Plain rules, denying by default: routes check
 * the broad rule before loading anything and the record rule (`canSeeSchoolJourney`) after loading.
 *  - national administrators and analysts: every school and hub;
 *  - hub leadership: the schools in their hub's area, their hub's lists and funnels (the one hub scope
 *    rule, `platform/hub-scope.ts`; another hub's slug or school is "not found");
 *  - LLMEs: the schools taking part in activities they lead;
 *  - school contacts: their own school.
 */

/** The hub pages (schools in the area, funnels): anyone with a hub scope (`hubScopeOf`). */
export const canViewHubJourneys = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/** The schools `p` is a contact for. */
export const contactSchoolUrns = (p: Principal | null): number[] =>
  p
    ? [
        ...new Set(
          p.roles.filter((r) => r.role === 'school_contact' && r.schoolUrn !== null).map((r) => r.schoolUrn!),
        ),
      ]
    : [];

/** Anyone who may see some school's journey (the gate before loading one). */
export const canViewSomeSchoolJourney = (p: Principal | null) =>
  canViewHubJourneys(p) || hasRole(p, 'llme') || contactSchoolUrns(p).length > 0;

/** The school-facing page: school contacts. */
export const canViewOwnSchoolJourney = (p: Principal | null) => contactSchoolUrns(p).length > 0;

export interface JourneyRecord {
  /** The hub whose area the (current) school is in. */
  hubId: number | null;
  /** The school's URN and its predecessors'. */
  urns: readonly number[];
  /** The LLMEs leading activities the school took part in. */
  leadPersonIds: readonly number[];
}

/** The record rule, applied after loading the journey. */
export function canSeeSchoolJourney(p: Principal | null, record: JourneyRecord): boolean {
  if (!p) return false;
  if (canSeeHub(p, record.hubId)) return true;
  if (hasRole(p, 'llme') && record.leadPersonIds.includes(p.personId)) return true;
  return contactSchoolUrns(p).some((urn) => record.urns.includes(urn));
}

/** May record a school's Mastery Readiness criteria somewhere: hub leadership and national administrators. */
export const canRecordSomeSchoolCriteria = (p: Principal | null) =>
  isNationalAdmin(p) || hubIdsOf(p, 'hub_leadership').length > 0;

/** May record this school's criteria: national administrators, and the leadership of the school's hub. */
export const canRecordSchoolCriteria = (p: Principal | null, record: { hubId: number | null }) =>
  isNationalAdmin(p) || (record.hubId !== null && isHubLeadershipOf(p, record.hubId));
