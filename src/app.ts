import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { eq, lt, sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerActivityRoutes } from './modules/activities/routes.ts';
import { registerAuthApiRoutes } from './modules/auth/api-routes.ts';
import { principalForApiToken, principalForSession } from './modules/auth/load-principal.ts';
import { registerAuthRoutes } from './modules/auth/routes.ts';
import { registerBulkRoutes } from './modules/bulk/routes.ts';
import { registerCatalogueRoutes } from './modules/catalogue/routes.ts';
import { registerEventRoutes } from './modules/events/routes.ts';
import { registerFundingRoutes } from './modules/funding/routes.ts';
import { registerHomeRoutes } from './modules/home/routes.ts';
import { registerHubRoutes } from './modules/hubs/routes.ts';
import { registerJourneyRoutes } from './modules/journeys/routes.ts';
import { registerPeopleRoutes } from './modules/people/routes.ts';
import { registerPrivacyRoutes } from './modules/privacy/routes.ts';
import { registerRegistrationRoutes } from './modules/registration/routes.ts';
import { registerReportingApiRoutes } from './modules/reporting/api-routes.ts';
import { registerReportingRoutes } from './modules/reporting/routes.ts';
import { registerSchoolApiRoutes } from './modules/schools/api-routes.ts';
import { registerRegisterRoutes } from './modules/schools/register-routes.ts';
import { registerSchoolRoutes } from './modules/schools/routes.ts';
import { registerApiDocs } from './platform/api-docs.ts';
import { type Config, signingSecret } from './platform/config.ts';
import type { Database } from './platform/database.ts';
import { todayInEngland } from './platform/dates.ts';
import {
  ConflictError,
  ForbiddenError,
  ImportRejectedError,
  NotFoundError,
  ServiceBusyError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from './platform/errors.ts';
import { formStates } from './platform/form-state-schema.ts';
import type { Access, Flash, FormState, PageToRender } from './platform/http.ts';
import { registerInputChecks } from './platform/input-checks.ts';
import { createMailer, type Mailer } from './platform/mail.ts';
import { navigationFor } from './platform/navigation.ts';
import { csrfPlaceholder, PageCache, pageKey } from './platform/page-cache.ts';
import { paths } from './platform/paths.ts';
import { isQueryStopped, registerQueryLimits } from './platform/query-limits.ts';
import { isStaticAsset, registerSecurityHeaders } from './platform/security-headers.ts';
import { importSlots } from './platform/upload-limits.ts';
import { createViews, projectRoot } from './platform/views.ts';

export interface Services {
  config: Config;
  db: Database;
  mailer: Mailer;
}

/** Builds the services from a database: the one place that wires the platform together. */
export function buildServices(config: Config, db: Database, overrides: Partial<Services> = {}): Services {
  return {
    config,
    db,
    mailer:
      overrides.mailer ??
      createMailer(db, {
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        // Without SMTP in development and test, the outbox page shows a developer the sign-in code.
        revealSecretsInOutbox: !config.isProduction,
      }),
  };
}

export const SESSION_COOKIE = 'mh_session';

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
    pageCache: PageCache;
  }
}
const FLASH_COOKIE = 'mh_flash';
const FORM_COOKIE = 'mh_form';
const unguardedPrefixes = ['/assets/', '/public/', paths.api.docs];

export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, db } = services;
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
  // First, so that every response (static files and error pages included) carries them.
  registerSecurityHeaders(app, { production: config.isProduction });
  const views = createViews({ watch: config.NODE_ENV === 'development' });
  const cookieSecure = config.isProduction;
  const secret = signingSecret(config);

  await app.register(fastifyCookie, { secret });
  await app.register(fastifyFormbody);
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(fastifyCsrf, {
    cookieKey: 'mh_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: cookieSecure },
    // A file upload (multipart) is not parsed before this check, so its form carries the token in its action.
    getToken: (request) =>
      request.isMultipart()
        ? (request.query as Record<string, string> | undefined)?._csrf
        : (request.body as Record<string, string> | undefined)?._csrf,
  });
  const govukAssets = path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/assets');
  await app.register(fastifyStatic, {
    root: [govukAssets, path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk')],
    prefix: '/assets/',
    allowedPath: (pathName, root) => root === govukAssets || pathName === '/govuk-frontend.min.js',
  });
  await app.register(fastifyStatic, {
    root: [path.join(projectRoot, 'public'), path.join(projectRoot, 'src/platform/assets')],
    prefix: '/public/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/application.css' || pathName === '/init.js',
  });
  if (!existsSync(path.join(projectRoot, 'public/application.css'))) {
    app.log.warn('public/application.css is missing: run `npm run build:assets`');
  }

  // Statement timeouts per kind of work; a request's queries are cancelled when its client goes away.
  const seconds = (s: number) => s * 1000;
  registerQueryLimits(
    app,
    db.$client,
    {
      page: seconds(config.QUERY_TIMEOUT_PAGE_SECONDS),
      api: seconds(config.QUERY_TIMEOUT_API_SECONDS),
      report: seconds(config.QUERY_TIMEOUT_REPORT_SECONDS),
      import: seconds(config.QUERY_TIMEOUT_IMPORT_SECONDS),
    },
    new Set([
      paths.reports.annual,
      paths.reports.hubDashboard,
      paths.myHub.funnels,
      paths.api.annualReport(),
    ]),
  );

  // Uploaded files read at once (the rest wait their turn, then are told the service is busy).
  const importConcurrency = config.IMPORT_CONCURRENCY ?? Math.max(1, availableParallelism());
  importSlots.configure(importConcurrency, config.IMPORT_WAIT_SECONDS * 1000);

  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);

  // Deny by default: every route must say who may call it. The catalogue lets tests try every route.
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
        request.principal = await principalForApiToken(db, authorization.slice(7).trim());
        if (!request.principal)
          throw new UnauthenticatedError('The API token is not valid or has been revoked');
      }
      return;
    }
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : null;
    if (unsigned?.valid && unsigned.value) {
      const found = await principalForSession(db, unsigned.value);
      if (found) {
        request.principal = found.principal;
        request.sessionId = found.sessionId;
      }
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    // Every form post, signed in or not, carries the CSRF token (API calls use bearer tokens instead).
    if (request.method === 'POST' && !request.url.startsWith('/api/')) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())),
      );
    }
    const access = request.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (!request.principal) throw new UnauthenticatedError('Sign in to see this page');
    if (access !== 'signed-in' && !access(request.principal)) {
      throw new ForbiddenError('You do not have permission to see this page');
    }
  });

  app.decorateReply('flash', function (this, flash: Flash) {
    // Bounded: a flash may quote what a person typed or a file's name, and a browser drops a cookie over 4 KB.
    const text = flash.text.length > 300 ? `${flash.text.slice(0, 300)}…` : flash.text;
    this.setCookie(FLASH_COOKIE, JSON.stringify({ ...flash, text }), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure,
      signed: true,
    });
    return this;
  });

  // A refused form's errors and input are kept in the database (form_states) under a random id that the
  // cookie carries: a cookie holding the input itself is dropped by browsers once it passes 4 KB. The
  // row is written before the redirect is sent (onSend), read once by the next page, and deleted.
  const keptFormStates = new WeakMap<FastifyReply, { id: string; state: FormState }>();
  app.decorateReply('formErrors', function (this, location: string, state: FormState) {
    const id = randomBytes(24).toString('base64url');
    keptFormStates.set(this, { id, state });
    this.setCookie(FORM_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure,
      signed: true,
      maxAge: 3600,
    });
    return this.code(303).redirect(location);
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const kept = keptFormStates.get(reply);
    if (!kept) return payload;
    keptFormStates.delete(reply);
    await db.insert(formStates).values({ id: kept.id, state: kept.state });
    // Forms refused but never shown again (the person went elsewhere) are forgotten after an hour.
    await db.delete(formStates).where(lt(formStates.createdAt, sql`now() - interval '1 hour'`));
    return payload;
  });
  // The next page a browser asks for takes the kept state (once: it is deleted as it is read).
  const formStateOf = new WeakMap<FastifyRequest, FormState>();
  app.addHook('preHandler', async (request) => {
    const raw = request.cookies[FORM_COOKIE];
    if (!raw || request.method !== 'GET' || request.url.startsWith('/api/')) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return;
    const [row] = await db.delete(formStates).where(eq(formStates.id, unsigned.value)).returning();
    if (row) formStateOf.set(request, row.state as FormState);
  });
  registerInputChecks(app);

  // A page's HTML from its template, with what every page shows: the person's navigation, the form
  // token, a flash message and a failed form's errors and input (both read once, then cleared).
  const pageHtml = (
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    csrfToken: string,
  ) => {
    const request = reply.request;
    const readCookie = <T>(name: string): T | null => {
      const raw = request.cookies[name];
      if (!raw) return null;
      reply.clearCookie(name, { path: '/' });
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return null;
      try {
        return JSON.parse(unsigned.value) as T;
      } catch {
        return null;
      }
    };
    if (request.cookies[FORM_COOKIE]) reply.clearCookie(FORM_COOKIE, { path: '/' });
    const form = formStateOf.get(request) ?? null;
    return views.render(template, {
      principal: request.principal,
      navigation: navigationFor(request.principal, request.url),
      csrfToken,
      flash: readCookie<Flash>(FLASH_COOKIE),
      showDemoShortcuts: config.showDemoShortcuts,
      currentUrl: request.url,
      // Each error serves both the GOV.UK error summary (text, href) and its field (field, message).
      errors: (form?.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}`, ...e })),
      values: form?.values ?? {},
      ...context,
    });
  };

  app.decorateReply('render', function (this, template: string, context: Record<string, unknown> = {}) {
    return this.type('text/html; charset=utf-8').send(pageHtml(this, template, context, this.generateCsrf()));
  });

  // Pages opened often (a hub's activity list, a register) are kept once made, under the versions of
  // the records they show, the person, the address and the day (src/platform/page-cache.ts). A request
  // carrying a flash message or a failed form's input is always made afresh, and not kept.
  const pageCache = new PageCache(config.NODE_ENV === 'development' ? 0 : config.PAGE_CACHE_MB * 1024 * 1024);
  app.decorate('pageCache', pageCache);
  app.decorateReply(
    'renderCached',
    async function (this, versions: string, make: () => Promise<PageToRender>) {
      const request = this.request;
      const fresh = !pageCache.enabled || request.cookies[FLASH_COOKIE] || request.cookies[FORM_COOKIE];
      if (fresh) {
        const [template, context] = await make();
        this.header('x-page-cache', 'off');
        return this.render(template, context);
      }
      // The day in England: a page may date itself by it (its default year, an event's state).
      const key = pageKey(versions, request.principal, request.url, todayInEngland());
      const { page, kept } = await pageCache.get(key, async () => {
        const [template, context] = await make();
        return pageHtml(this, template, context, csrfPlaceholder);
      });
      this.header('x-page-cache', kept ? 'hit' : 'miss');
      return this.type('text/html; charset=utf-8').send(page.with(this.generateCsrf()));
    },
  );
  // The same for a JSON answer read often (find-your-hub): `make` returns the JSON text.
  app.decorateReply('sendKeptJson', async function (this, versions: string, make: () => Promise<string>) {
    if (!pageCache.enabled) {
      this.header('x-page-cache', 'off');
      return this.type('application/json; charset=utf-8').send(await make());
    }
    const key = pageKey('json', versions, this.request.principal, this.request.url);
    const { page, kept } = await pageCache.get(key, make);
    this.header('x-page-cache', kept ? 'hit' : 'miss');
    return this.type('application/json; charset=utf-8').send(page.with(''));
  });

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

  await registerApiDocs(app);
  registerHomeRoutes(app, services);
  registerAuthRoutes(app, services);
  registerAuthApiRoutes(app, services);
  registerSchoolRoutes(app, services);
  registerRegisterRoutes(app, services);
  registerSchoolApiRoutes(app, services);
  registerHubRoutes(app, services);
  registerPeopleRoutes(app, services);
  registerCatalogueRoutes(app, services);
  registerActivityRoutes(app, services);
  registerRegistrationRoutes(app, services);
  registerJourneyRoutes(app, services);
  registerReportingRoutes(app, services);
  registerReportingApiRoutes(app, services);
  registerBulkRoutes(app, services);
  registerFundingRoutes(app, services);
  registerEventRoutes(app, services);
  registerPrivacyRoutes(app, services);
  return app;
}
