import { canReadNationally, type Principal } from '../../platform/principal.ts';
import { canViewHub, canViewHubJourneys, journeyHubScope } from '../journeys/policy.ts';

/**
 * Who may see reports. Deny by default:
 *  - the national annual report (page, downloads, API): national administrators and analysts;
 *  - a hub's dashboard: national staff for any hub, hub leadership for their own hub only (the same
 *    scope as the hub's school journeys and funnels, whose pages the dashboard links to).
 */
export const canViewNationalReport = (p: Principal | null) => canReadNationally(p);

export const canViewHubDashboards = (p: Principal | null) => canViewHubJourneys(p);

export const canViewHubDashboard = (p: Principal | null, hubId: number) => canViewHub(p, hubId);

export const dashboardHubScope = journeyHubScope;
