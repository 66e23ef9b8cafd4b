import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** Registering schools and participants, their programmes and pathways, duplicate people and merging. */
export function registerRegistrationRoutes(_app: FastifyInstance, _services: Services): void {}
