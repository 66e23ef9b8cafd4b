import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerApplicationRoutes } from './application-routes.ts';
import { registerCommunityRoutes } from './community-routes.ts';
import { registerWorkshopRoutes } from './workshop-routes.ts';

/** The LLME workforce (issue 16): development programme applications, national workshops. */
export function registerLlmeRoutes(app: FastifyInstance, services: Services): void {
  registerApplicationRoutes(app, services);
  registerWorkshopRoutes(app, services);
  registerCommunityRoutes(app, services);
}
