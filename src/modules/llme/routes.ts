import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerApplicationRoutes } from './application-routes.ts';

/** The LLME workforce (issue 16): development programme applications. */
export function registerLlmeRoutes(app: FastifyInstance, services: Services): void {
  registerApplicationRoutes(app, services);
}
