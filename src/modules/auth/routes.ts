import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';
import { registerAccountCreationRoutes } from './account-creation-routes.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { registerOutboxRoutes } from './outbox-routes.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';

/** Sign-in with an emailed one-time code, passwords, sign-out, API tokens and the development outbox. */
export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  registerSignInRoutes(app, services);
  registerAccountRoutes(app, services);
  registerAccountCreationRoutes(app, services);
  registerOutboxRoutes(app, services);
}
