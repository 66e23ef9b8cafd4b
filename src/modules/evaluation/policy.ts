import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import type { Principal } from '../../platform/principal.ts';

/** The evaluation pages of hubs and the nation: hub leadership (their hubs) and the national team. */
export const canViewEvaluation = (p: Principal | null) => hasHubScope(hubScopeOf(p));
