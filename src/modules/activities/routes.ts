import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerActivityPageRoutes } from './activity-routes.ts';
import { registerActivityApiRoutes } from './api-routes.ts';
import { registerContinueActivitiesApiRoutes } from './continue-api-routes.ts';
import { registerContinueActivitiesRoutes } from './continue-routes.ts';
import { registerActivityListRoutes } from './list-routes.ts';
import { registerLlmeRosterRoutes } from './llme-routes.ts';
import { registerMyActivitiesRoutes } from './my-activities-routes.ts';
import { registerOutcomeApiRoutes } from './outcome-api-routes.ts';
import { registerOutcomeRoutes } from './outcome-routes.ts';
import { registerPlanActivityRoutes } from './plan-routes.ts';
import { registerRegisterRoutes } from './register-routes.ts';
import { registerWithdrawConfirmRoutes } from './withdraw-confirm-routes.ts';
import { registerYearApiRoutes } from './year-api-routes.ts';

/**
 * Hub activities, one file of routes per part: a hub's list (list-routes), planning an activity
 * (plan-routes), copying last year's continuing activities into a new year (continue-routes,
 * continue-api-routes), an activity's page with its leads, schools, participants and sessions (activity-routes),
 * asking before a school or participant is withdrawn
 * (withdraw-confirm-routes), registers (register-routes), outcomes, reinstating and the year-end close
 * (outcome-routes), an LLME's own activities (my-activities-routes), the LLME roster
 * (llme-routes) and the activities API (api-routes; the year's writes a hub system makes, year-api-routes).
 */
export function registerActivityRoutes(app: FastifyInstance, services: Services): void {
  registerActivityListRoutes(app, services);
  registerPlanActivityRoutes(app, services);
  registerContinueActivitiesRoutes(app, services);
  registerContinueActivitiesApiRoutes(app, services);
  registerActivityPageRoutes(app, services);
  registerWithdrawConfirmRoutes(app, services);
  registerRegisterRoutes(app, services);
  registerOutcomeRoutes(app, services);
  registerMyActivitiesRoutes(app, services);
  registerLlmeRosterRoutes(app, services);
  registerActivityApiRoutes(app, services);
  registerOutcomeApiRoutes(app, services);
  registerYearApiRoutes(app, services);
}
