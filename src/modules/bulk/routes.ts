import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';

/** Upload pages for activities, enrolments and attendance from CSV and Excel. */
export function registerBulkRoutes(_app: FastifyInstance, _services: Services): void {}
