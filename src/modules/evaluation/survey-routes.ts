import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';

/** The pages and API of national surveys: templates, issuing, answers, completion, before/after. */
export function registerSurveyRoutes(_app: FastifyInstance, _services: Services): void {}
