import { type HubScope, hasHubScope, hubScopeOf, inHubScope } from '../../platform/hub-scope.ts';
import { ncpKeysOf, type Principal } from '../../platform/principal.ts';
import { ncpKeyOf } from './survey-schema.ts';

/** The evaluation pages of hubs and the nation: hub leadership (their hubs) and the national team. */
export const canViewEvaluation = (p: Principal | null) => hasHubScope(hubScopeOf(p));

/**
 * The NCPs `p` sees across every hub as an NCP's Project Lead or Coordination Team member, by their
 * keys across years (`ncpKeyOf`: '09' for NCP23-09). Other NCPs' records are "not found" to them.
 */
export const ncpScopeOf = (p: Principal | null): string[] => ncpKeysOf(p);

/**
 * The evaluation pages of an NCP across hubs (its overview, its HAPPI forms, its survey results):
 * the national team and hub leadership (their hubs' records), and the NCP's own team (every hub's).
 */
export const canViewNcpEvaluation = (p: Principal | null) => canViewEvaluation(p) || ncpScopeOf(p).length > 0;

/** Whether a record of this hub and NCP (by its code or key) is one `p` may see on the NCP pages. */
export const inEvaluationScope = (
  scope: HubScope,
  ncpKeys: readonly string[],
  record: { hubId: number; ncpCode: string },
) => inHubScope(scope, record.hubId) || ncpKeys.includes(ncpKeyOf(record.ncpCode));
