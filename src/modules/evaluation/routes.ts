import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerHappiRoutes } from './happi-routes.ts';
import { registerEvaluationHomeRoutes } from './home-routes.ts';
import { registerEvaluationOverviewRoutes } from './overview-routes.ts';
import { registerEvaluationReportRoutes } from './report-routes.ts';
import { registerSurveyResultRoutes } from './survey-results-routes.ts';
import { registerSurveyRoutes } from './survey-routes.ts';
import { registerVisitRoutes } from './visit-routes.ts';

/** Evaluation (issue 15): HAPPI forms, national surveys, records of visits, evaluation reports. */
export function registerEvaluationRoutes(app: FastifyInstance, services: Services): void {
  registerEvaluationHomeRoutes(app, services);
  registerEvaluationOverviewRoutes(app, services);
  registerHappiRoutes(app, services);
  registerSurveyRoutes(app, services);
  registerVisitRoutes(app, services);
  registerEvaluationReportRoutes(app, services);
  registerSurveyResultRoutes(app, services);
}
