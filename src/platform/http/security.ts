import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { type Config, signingSecret } from '../config.ts';
import { registerSecurityHeaders } from '../security-headers.ts';

/**
 * The security headers on every response (first, so that static files and error pages carry them
 * too), signed cookies, form and upload bodies, and the CSRF check of every form post.
 */
export async function setUpSecurity(app: FastifyInstance, config: Config): Promise<void> {
  registerSecurityHeaders(app, { production: config.isProduction });
  await app.register(fastifyCookie, { secret: signingSecret(config) });
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(fastifyCsrf, {
    cookieKey: 'mh_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.isProduction },
    // A file upload (multipart) is not parsed before this check, so its form carries the token in its action.
    getToken: (request) =>
      request.isMultipart()
        ? (request.query as Record<string, string> | undefined)?._csrf
        : (request.body as Record<string, string> | undefined)?._csrf,
  });
  // Every form post, signed in or not, carries the CSRF token (API calls use bearer tokens instead).
  // The first preHandler: before the route's access is checked and before anything reads the input.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && !request.url.startsWith('/api/')) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())),
      );
    }
  });
}
