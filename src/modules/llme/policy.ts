import { canSeeHub, hubScopeOf } from '../../platform/hub-scope.ts';
import { canReadNationally, hubIdsOf, isHubLeadershipOf, type Principal } from '../../platform/principal.ts';

/**
 * Who may do what with applications to the LLME development programmes (issue 16):
 *  - a teacher (a participant or LLME of a hub) applies through their hub and sees their own applications;
 *  - hub leadership nominate people of their hub, see their hub's applications and sponsor them or not;
 *  - the national team see every application; national administrators decide, enrol and record completion.
 * Another hub's application is "not found".
 */

/** The hubs through which `p` may apply: those where they are a participant or an LLME. */
export const applyingHubIds = (p: Principal | null) => hubIdsOf(p, 'participant', 'llme');
export const canApply = (p: Principal | null) => applyingHubIds(p).length > 0;
export const canNominate = (p: Principal | null) => hubIdsOf(p, 'hub_leadership').length > 0;

/** The list of applications: the national team, hub leadership and teachers who may apply. */
export const canListApplications = (p: Principal | null) =>
  canReadNationally(p) || canNominate(p) || canApply(p);

/** One application: its applicant, its hub's leadership and the national team. */
export const canSeeApplication = (p: Principal | null, application: { personId: number; hubId: number }) =>
  !!p && (application.personId === p.personId || canSeeHub(p, application.hubId));

/** Sponsoring (or not): its hub's leadership only. */
export const canSponsor = (p: Principal | null, application: { hubId: number }) =>
  isHubLeadershipOf(p, application.hubId);

export const applicationScope = hubScopeOf;
