import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';

/** The pages and API of records of visits to schools and their coverage. */
export function registerVisitRoutes(_app: FastifyInstance, _services: Services): void {}
