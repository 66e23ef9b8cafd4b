import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** The national team's catalogue of NCPs by year, and its API. */
export function registerCatalogueRoutes(_app: FastifyInstance, _services: Services): void {}
