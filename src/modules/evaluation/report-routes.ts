import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';

/** The pages and API of evaluation reports (evidence into practice), implications as actions. */
export function registerEvaluationReportRoutes(_app: FastifyInstance, _services: Services): void {}
