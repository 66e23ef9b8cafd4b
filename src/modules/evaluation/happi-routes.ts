import type { FastifyInstance } from 'fastify';
import type { Services } from '../../platform/services.ts';

/** The pages and API of HAPPI (Hub Activity Plan, Progress and Impact) forms. */
export function registerHappiRoutes(_app: FastifyInstance, _services: Services): void {}
