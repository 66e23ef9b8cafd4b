import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** The national team's upload page for the GIAS register and its import history. */
export function registerRegisterRoutes(_app: FastifyInstance, _services: Services): void {}
