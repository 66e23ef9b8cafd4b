import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerSurveyAnswerRoutes } from './survey-answer-routes.ts';
import { registerSurveyCompletionRoutes } from './survey-completion-routes.ts';
import { registerSurveyTemplateRoutes } from './survey-template-routes.ts';
import { registerSurveyWindowRoutes } from './survey-window-routes.ts';

/** The pages and API of national surveys: templates, issuing, answers, completion, before/after. */
export function registerSurveyRoutes(app: FastifyInstance, services: Services): void {
  registerSurveyTemplateRoutes(app, services);
  registerSurveyWindowRoutes(app, services);
  registerSurveyAnswerRoutes(app, services);
  registerSurveyCompletionRoutes(app, services);
}
