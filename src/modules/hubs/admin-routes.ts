import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerHubDetailAdminRoutes } from './admin-hub-routes.ts';
import { registerLocalAuthorityAdminRoutes } from './admin-local-authority-routes.ts';

/** The national team's pages to edit local authorities, hubs and hub areas. */
export function registerHubAdminRoutes(app: FastifyInstance, services: Services): void {
  registerLocalAuthorityAdminRoutes(app, services);
  registerHubDetailAdminRoutes(app, services);
}
