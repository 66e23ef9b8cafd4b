import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerAccreditationRoutes } from './accreditation-routes.ts';
import { registerPersonDetailsRoutes } from './details-routes.ts';
import { registerEventLogRoutes } from './event-log-routes.ts';
import { registerInvitationRoutes } from './invitation-routes.ts';
import { registerPeopleAdminRoutes } from './people-routes.ts';

/** People and their roles, invitations from hubs, and the event log. */
export function registerPeopleRoutes(app: FastifyInstance, services: Services): void {
  registerEventLogRoutes(app, services);
  registerPeopleAdminRoutes(app, services);
  registerPersonDetailsRoutes(app, services);
  registerInvitationRoutes(app, services);
  registerAccreditationRoutes(app, services);
}
