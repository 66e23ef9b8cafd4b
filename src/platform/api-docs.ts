import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { paths } from './paths.ts';

/** OpenAPI generated from the routes' Zod schemas, served at /api/docs (UI) and /api/docs/json. */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Maths Hubs Platform API',
        description:
          'The records of the Maths Hubs Programme. Public routes need no token; others need a personal ' +
          'API token (create one under "Your account") sent as `Authorization: Bearer TOKEN`.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { apiToken: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });
  await app.register(fastifySwaggerUi, { routePrefix: paths.api.docs });
}
