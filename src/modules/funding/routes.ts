import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerFundingApiRoutes } from './api-routes.ts';
import { registerClaimDecisionRoutes } from './claim-decision-routes.ts';
import { registerClaimRoutes } from './claim-routes.ts';
import { registerGrantRuleRoutes } from './grant-rule-routes.ts';
import { registerNationalFundingRoutes } from './national-routes.ts';
import { registerStatementRoutes } from './statement-routes.ts';

/**
 * Grant rules, hub grant statements, claims and the national team's totals, one file per sub-area:
 * a hub's statement (statement-routes.ts: the page, closing a statement, the hub's role), claims
 * (claim-routes.ts: a hub's and every hub's, submitting one; claim-decision-routes.ts: a claim and the
 * national team's decision), the national totals (national-routes.ts), the grant rules
 * (grant-rule-routes.ts) and the API (api-routes.ts).
 */
export function registerFundingRoutes(app: FastifyInstance, services: Services): void {
  registerFundingApiRoutes(app, services);
  registerStatementRoutes(app, services);
  registerClaimRoutes(app, services);
  registerClaimDecisionRoutes(app, services);
  registerNationalFundingRoutes(app, services);
  registerGrantRuleRoutes(app, services);
}
