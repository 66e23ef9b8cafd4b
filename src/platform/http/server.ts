import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import { navigationFor } from '../navigation.ts';
import type { createViews } from '../views.ts';

/** The Fastify instance: logging (the CSRF token kept out of the logs), body limit, Zod schemas. */
export function createServer(config: Config, views: ReturnType<typeof createViews>): FastifyInstance {
  const app = Fastify({
    logger:
      config.NODE_ENV === 'test'
        ? false
        : {
            level: config.LOG_LEVEL,
            // The upload form carries its CSRF token in the address too: keep it out of the logs.
            serializers: {
              req: (request) => ({
                method: request.method,
                url: request.url.replace(/([?&]_csrf=)[^&]*/, '$1[redacted]'),
                remoteAddress: request.ip,
              }),
            },
          },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // An address the router cannot read (bad percent-encoding, an over-long segment) names no page:
    // "Page not found", or 400 in the API. No hook has run, so the page is drawn as for no one signed in.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      if (request.url.startsWith('/api/')) {
        return reply.code(400).send({ error: 'The address is not valid', status: 400 });
      }
      const known = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      if (!known) request.log.error(error);
      return reply
        .code(known ? 404 : 500)
        .type('text/html; charset=utf-8')
        .send(
          views.render('platform/views/error.njk', {
            principal: null,
            navigation: navigationFor(null, request.url),
            currentUrl: request.url,
            errors: [],
            values: {},
            pageTitle: known ? 'Page not found' : 'Sorry, there is a problem with the service',
            message: known ? 'If you typed the web address, check it is correct.' : '',
          }),
        );
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app;
}
