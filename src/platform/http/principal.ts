import type { FastifyInstance } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { type Access, SESSION_COOKIE } from '../http.ts';
import { paths } from '../paths.ts';
import type { Principal } from '../principal.ts';
import { isStaticAsset } from '../security-headers.ts';

/** How a principal is found: given by the module that owns sessions and tokens (auth), so platform imports no module. */
export interface PrincipalLookups {
  /** The principal of a personal API token, or null if it is not valid or revoked. */
  fromApiToken(token: string): Promise<Principal | null>;
  /** The principal and session of a session id (from the signed cookie), or null. */
  fromSession(sessionId: string): Promise<{ principal: Principal; sessionId: string } | null>;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  /** The names in the route's declared `params` and `querystring` schemas (tests send odd values in each). */
  params: string[];
  query: string[];
}
/** The keys of a declared Zod object schema (none for any other schema). */
const schemaKeys = (schema: unknown): string[] =>
  schema && typeof schema === 'object' && 'shape' in schema
    ? Object.keys((schema as { shape: object }).shape)
    : [];
declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
  }
}
const unguardedPrefixes = ['/assets/', '/public/', paths.api.docs];

/**
 * Who is asking: a signed session cookie for pages, a personal API token (`Authorization: Bearer`) for
 * `/api/`. Then deny by default: every route must declare `config.access` (the app refuses to start
 * otherwise), checked before its handler. The catalogue of routes lets tests try every route.
 */
export function setUpPrincipal(app: FastifyInstance, lookups: PrincipalLookups): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);

  const routeCatalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', routeCatalogue);
  app.addHook('onRoute', (route) => {
    if (unguardedPrefixes.some((prefix) => route.url.startsWith(prefix))) return;
    if (route.method === 'HEAD') return;
    if (!route.config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routeCatalogue.push({
          method,
          url: route.url,
          access: route.config.access,
          params: schemaKeys(route.schema?.params),
          query: schemaKeys(route.schema?.querystring),
        });
    }
  });

  app.addHook('onRequest', async (request) => {
    // Static files are the same for everyone (and stay cacheable): no one need be looked up for them.
    if (isStaticAsset(request.url)) return;
    const authorization = request.headers.authorization;
    if (request.url.startsWith('/api/')) {
      if (authorization?.startsWith('Bearer ')) {
        request.principal = await lookups.fromApiToken(authorization.slice(7).trim());
        if (!request.principal)
          throw new UnauthenticatedError('The API token is not valid or has been revoked');
      }
      return;
    }
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (unsigned?.valid && unsigned.value) {
      const found = await lookups.fromSession(unsigned.value);
      if (found) {
        request.principal = found.principal;
        request.sessionId = found.sessionId;
      }
    }
  });

  // The route's declared access (after the CSRF check of setUpSecurity, before anything reads the input).
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (!request.principal) throw new UnauthenticatedError('Sign in to see this page');
    if (access !== 'signed-in' && !access(request.principal)) {
      throw new ForbiddenError('You do not have permission to see this page');
    }
  });
}
