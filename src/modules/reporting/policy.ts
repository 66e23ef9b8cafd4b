import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import { canReadNationally, type Principal } from '../../platform/principal.ts';

/**
 * Who may see reports. Deny by default:
 *  - the national annual report (page, downloads, API): national administrators and analysts;
 *  - a hub's dashboard: the hubs in the person's hub scope (`platform/hub-scope.ts`: national staff any
 *    hub, hub leadership their own), chosen with the one hub chooser (`hubs/choose-hub.ts`); another
 *    hub's slug is "not found".
 */
export const canViewNationalReport = (p: Principal | null) => canReadNationally(p);

export const canViewHubDashboards = (p: Principal | null) => hasHubScope(hubScopeOf(p));
