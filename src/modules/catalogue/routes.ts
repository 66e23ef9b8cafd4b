import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerCatalogueApiRoutes } from './api-routes.ts';
import { registerEditNcpRoutes } from './edit-ncp-routes.ts';
import { registerNcpRoutes } from './ncp-routes.ts';
import { registerPublishCatalogueRoutes } from './publish-routes.ts';
import { registerCatalogueYearRoutes } from './year-routes.ts';
import { registerCatalogueYearsRoutes } from './years-routes.ts';

/** The national team's catalogue of NCPs by year, and its API: one file per sub-area. */
export function registerCatalogueRoutes(app: FastifyInstance, services: Services): void {
  registerCatalogueYearsRoutes(app, services);
  registerCatalogueYearRoutes(app, services);
  registerNcpRoutes(app, services);
  registerEditNcpRoutes(app, services);
  registerPublishCatalogueRoutes(app, services);
  registerCatalogueApiRoutes(app, services);
}
