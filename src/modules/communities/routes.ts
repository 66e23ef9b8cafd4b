import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerSpaceDocumentDeleteRoutes } from './document-delete-routes.ts';
import { registerSpaceDocumentRoutes } from './document-routes.ts';
import { registerMemberRoutes } from './member-routes.ts';
import { registerMessageRoutes } from './message-routes.ts';
import { registerOverviewRoutes } from './overview-routes.ts';
import { registerSharedPageRoutes } from './page-routes.ts';
import { registerSpaceRoutes } from './space-routes.ts';
import { registerThreadRoutes } from './thread-routes.ts';

/** Communities (issue 18): spaces whose members follow the records, threads, messages, notifications. */
export function registerCommunityRoutes(app: FastifyInstance, services: Services): void {
  registerOverviewRoutes(app, services);
  registerSpaceRoutes(app, services);
  registerMemberRoutes(app, services);
  registerThreadRoutes(app, services);
  registerMessageRoutes(app, services);
  registerSpaceDocumentRoutes(app, services);
  registerSpaceDocumentDeleteRoutes(app, services);
  registerSharedPageRoutes(app, services);
}
