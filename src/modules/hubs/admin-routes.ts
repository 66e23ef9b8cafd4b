import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** The national team's pages to edit local authorities, hubs and hub areas. */
export function registerHubAdminRoutes(_app: FastifyInstance, _services: Services): void {}
