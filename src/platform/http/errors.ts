import type { FastifyInstance } from 'fastify';
import {
  ConflictError,
  ForbiddenError,
  ImportRejectedError,
  NotFoundError,
  ServiceBusyError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.ts';
import { paths } from '../paths.ts';
import { isQueryStopped } from '../query-limits.ts';

/**
 * The one error handler: the error vocabulary of src/platform/errors.ts mapped to HTTP, an error page
 * for people and `{ error, status }` JSON for the API; an unsigned-in GET goes to sign-in.
 */
export function setUpErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const api = request.url.startsWith('/api/');
    if (isQueryStopped(error)) {
      // A statement timeout (or the request's own client gone): a clear answer, not a server error.
      request.log.warn({ err: error, work: request.queryScope?.work }, 'query stopped');
      const message = api
        ? 'The request took too long and was stopped. Try again later, or ask for less at once.'
        : 'This page took too long to load, so it was stopped. Try again later, or choose fewer things to show (for example one hub or one year).';
      if (api) return reply.code(503).send({ error: message, status: 503 });
      return reply.code(503).render('platform/views/error.njk', {
        pageTitle: 'This page took too long to load',
        message,
      });
    }
    if (error instanceof ServiceBusyError) {
      reply.header('retry-after', '60');
      if (api) return reply.code(503).send({ error: error.message, status: 503 });
      return reply.code(503).render('platform/views/error.njk', {
        pageTitle: 'Sorry, the service is busy',
        message: error.message,
      });
    }
    // A path or query value the route's schema refuses (src/platform/params.ts): the address names no
    // page, so "Page not found"; in the API, a malformed request (400).
    const { validation, validationContext } = error as { validation?: unknown; validationContext?: string };
    const badAddress =
      !!validation && (validationContext === 'params' || validationContext === 'querystring');
    const status = badAddress
      ? api
        ? 400
        : 404
      : error instanceof NotFoundError
        ? 404
        : error instanceof UnauthenticatedError
          ? 401
          : error instanceof ForbiddenError
            ? 403
            : error instanceof ConflictError
              ? 409
              : error instanceof TooManyRequestsError
                ? 429
                : error instanceof ValidationError || error instanceof ImportRejectedError
                  ? 422
                  : ((error as { statusCode?: number }).statusCode ?? 500);
    if (status >= 500) request.log.error(error);
    const message =
      status >= 500
        ? 'Sorry, there is a problem with the service'
        : badAddress && !api
          ? 'If you typed the web address, check it is correct.'
          : (error as Error).message;
    if (api) {
      const body: Record<string, unknown> = { error: message, status };
      if (error instanceof ValidationError) body.errors = error.errors;
      if (error instanceof ImportRejectedError) body.problems = error.problems;
      return reply.code(status).send(body);
    }
    if (status === 401 && request.method === 'GET') {
      return reply.redirect(`${paths.signIn}?returnTo=${encodeURIComponent(request.url)}`);
    }
    const titles: Record<number, string> = {
      400: 'Sorry, there is a problem with your request',
      401: 'You need to sign in',
      403: 'You do not have permission to see this',
      404: 'Page not found',
      409: 'This has changed since you loaded it',
      422: 'There is a problem',
      429: 'Too many attempts',
    };
    return reply.code(status).render('platform/views/error.njk', {
      pageTitle: titles[status] ?? 'Sorry, there is a problem with the service',
      message:
        (error as { code?: string }).code === 'FST_CSRF_INVALID_TOKEN' ||
        (error as { code?: string }).code === 'FST_CSRF_MISSING_SECRET'
          ? 'The form had expired. Go back, reload the page and try again.'
          : message,
      signInLink: status === 401 ? paths.signIn : null,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'Not found', status: 404 });
    return reply.code(404).render('platform/views/error.njk', {
      pageTitle: 'Page not found',
      message: 'If you typed the web address, check it is correct.',
    });
  });
}
