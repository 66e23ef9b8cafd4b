import { canSeeHub, hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import {
  hubIdsOf,
  isHubLeadershipOf,
  isNationalAdmin,
  ncpKeysOf,
  type Principal,
} from '../../platform/principal.ts';

/**
 * Who may organise and see events. Deny by default:
 *  - national administrators organise national workshops and webinars (no hub) and may manage any event;
 *  - hub leadership organise their own hub's events only;
 *  - national analysts read every event's lists;
 *  - everyone else sees the events they are eligible for or hold a place at (checked in SQL).
 */
export interface EventRecord {
  hubId: number | null;
  /** A national workshop's NCP, by its key across years ('09'), when loaded (`eventFor` adds it). */
  ncpKey?: string | null;
}

/**
 * Whether `p` is in the own team (Project Lead, Coordination Team) of this national workshop's NCP:
 * they run their NCP's national workshops (no other event, and no hub's).
 */
const isNcpTeamOf = (p: Principal | null, event: EventRecord) =>
  event.hubId === null && !!event.ncpKey && ncpKeysOf(p).includes(event.ncpKey);

/** May open the organiser's pages at all (the event is checked after loading). */
export const canOrganiseEvents = (p: Principal | null) =>
  hasHubScope(hubScopeOf(p)) || ncpKeysOf(p).length > 0;

/** May create events somewhere: national administrators and hub leadership. */
export const canCreateEvents = (p: Principal | null) =>
  isNationalAdmin(p) || hubIdsOf(p, 'hub_leadership').length > 0;

/** May change events somewhere: those who create them, and an NCP's team (its national workshops). */
export const canChangeEvents = (p: Principal | null) => canCreateEvents(p) || ncpKeysOf(p).length > 0;

/** May create or change an event of this hub (null: a national workshop). */
export const canManageEventsOf = (p: Principal | null, hubId: number | null) =>
  isNationalAdmin(p) || (hubId !== null && isHubLeadershipOf(p, hubId));

export const canManageEvent = (p: Principal | null, event: EventRecord) =>
  canManageEventsOf(p, event.hubId) || isNcpTeamOf(p, event);

/**
 * May read an event's confirmations, waiting list, requirements and attendance: the one hub scope rule
 * (national staff every event, hub leadership their hub's; a national event is national staff's).
 */
export const canSeeEventLists = (p: Principal | null, event: EventRecord) =>
  canSeeHub(p, event.hubId) || isNcpTeamOf(p, event);

/** May maintain the bank holiday calendar: the national team. */
export const canEditBankHolidays = isNationalAdmin;
