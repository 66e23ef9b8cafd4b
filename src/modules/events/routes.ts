import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerEventApiRoutes } from './api-routes.ts';
import { registerBankHolidayRoutes } from './bank-holiday-routes.ts';
import { registerCalendarRoutes } from './calendar-routes.ts';
import { registerDocumentRoutes } from './document-routes.ts';
import { registerManageRoutes } from './manage-routes.ts';
import { registerMyEventRoutes } from './my-events-routes.ts';
import { registerOrganiseRoutes } from './organise-routes.ts';

/**
 * The events module's pages and API, one file per area: a person's own events (my-events-routes),
 * calendars (calendar-routes), organisers' lists and forms (organise-routes), one event's management
 * (manage-routes), its uploaded documents (document-routes), the bank holiday calendar (bank-holiday-routes) and the API (api-routes).
 */
export function registerEventRoutes(app: FastifyInstance, services: Services): void {
  registerMyEventRoutes(app, services);
  registerCalendarRoutes(app, services);
  registerOrganiseRoutes(app, services);
  registerManageRoutes(app, services);
  registerDocumentRoutes(app, services);
  registerBankHolidayRoutes(app, services);
  registerEventApiRoutes(app, services);
}
