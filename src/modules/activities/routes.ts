import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** Hub activities, their leads, schools, sessions and registers; the LLME roster; the activities API. */
export function registerActivityRoutes(_app: FastifyInstance, _services: Services): void {}
