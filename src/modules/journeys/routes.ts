import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** School journeys (Teaching for Mastery stages), engagement, progression funnels. */
export function registerJourneyRoutes(_app: FastifyInstance, _services: Services): void {}
