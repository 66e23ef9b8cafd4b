import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** Sign-in with an emailed one-time code, passwords, sign-out, API tokens and the development outbox. */
export function registerAuthRoutes(_app: FastifyInstance, _services: Services): void {}
