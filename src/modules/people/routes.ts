import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** People and their roles, and the event log. */
export function registerPeopleRoutes(_app: FastifyInstance, _services: Services): void {}
