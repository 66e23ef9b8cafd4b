import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { roleNames, roles } from '../people/roles.ts';

const meResponse = z.object({
  person: z.object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    hasPassword: z.boolean(),
  }),
  roles: z.array(
    z.object({
      role: z.enum(roles),
      roleName: z.string(),
      title: z.string().nullable(),
      hubId: z.number().int().nullable(),
      schoolUrn: z.number().int().nullable(),
    }),
  ),
});

/** The JSON API's own account routes (personal API token required). */
export function registerAuthApiRoutes(app: FastifyInstance, _services: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.api.me,
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Account'],
        summary: 'The person the API token belongs to, with the roles they hold today',
        security: [{ apiToken: [] }],
        response: {
          200: meResponse,
          401: z.object({ error: z.string(), status: z.number().int() }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return {
        person: {
          id: principal.personId,
          email: principal.email,
          displayName: principal.displayName,
          hasPassword: principal.hasPassword,
        },
        roles: principal.roles.map((r) => ({
          role: r.role,
          roleName: roleNames[r.role],
          title: r.title,
          hubId: r.hubId,
          schoolUrn: r.schoolUrn,
        })),
      };
    },
  );
}
