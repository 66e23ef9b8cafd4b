import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { paths } from './paths.ts';
import { projectRoot } from './views.ts';

/** Files served as they are (govuk-frontend's assets, our CSS and init.js, Swagger UI's bundle): cacheable. */
export const staticPrefixes = ['/assets/', '/public/', `${paths.api.docs}/static/`];

export const isStaticAsset = (url: string) => staticPrefixes.some((prefix) => url.startsWith(prefix));

/**
 * govuk-frontend's page template (govuk/template.njk) holds one inline script, which marks the body
 * `js-enabled govuk-frontend-supported`. It is allowed by its hash, read from the installed template so
 * that an upgrade cannot silently break it; no other inline script runs. Our own templates have none.
 */
export function govukInlineScriptHash(): string {
  const template = readFileSync(
    path.join(projectRoot, 'node_modules/govuk-frontend/dist/govuk/template.njk'),
    'utf8',
  );
  const scripts = [...template.matchAll(/<script[^>]*>([^<]*)<\/script>/g)];
  if (scripts.length !== 1 || !scripts[0]?.[1]) {
    throw new Error('govuk-frontend template.njk no longer holds exactly one inline script: review the CSP');
  }
  return `'sha256-${createHash('sha256').update(scripts[0][1]).digest('base64')}'`;
}

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/**
 * The Content-Security-Policy of our pages: scripts and styles from this origin only (govuk-frontend
 * and init.js are module files; no inline script but govuk-frontend's one by its hash; no inline style,
 * so the server-rendered SVG charts carry a class, not a style attribute), no plugins, no <base>, forms
 * post only here, and no page may be framed.
 */
export function pageCsp(): string {
  return policy({
    'default-src': "'self'",
    'script-src': `'self' ${govukInlineScriptHash()}`,
    'style-src': "'self'",
    'img-src': "'self'",
    'font-src': "'self'",
    'connect-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
  });
}

/**
 * Swagger UI at /api/docs: its scripts are files (the page has no inline script), but it sets style
 * attributes and shows data: images, so it has its own, looser policy for styles and images only.
 */
export function apiDocsCsp(): string {
  return policy({
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self' data:",
    'connect-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
  });
}

/**
 * Security headers on every response, in one hook (registered first in app.ts, so it covers every
 * route, the static files and the error pages):
 *  - Content-Security-Policy (above), and X-Frame-Options DENY for browsers without frame-ancestors;
 *  - X-Content-Type-Options nosniff; Referrer-Policy same-origin (addresses never leave the site);
 *    Cross-Origin-Opener-Policy same-origin;
 *  - an uploaded file served back (modules/documents `sendDocument`) keeps its own stricter policy,
 *    which starts with `sandbox`;
 *  - Strict-Transport-Security in production (the service is served over HTTPS there);
 *  - Cache-Control: `no-store` on every response to a signed-in person (their pages, exports and
 *    downloads) and every API answer, whatever the handler set. Other dynamic responses are `no-store`
 *    too unless their handler chose a policy (the personal calendar feed's `private, max-age=300`), as
 *    pages carry a form token. Static files keep their own (cacheable) headers.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): void {
  const pages = pageCsp();
  const docs = apiDocsCsp();
  const noStore = (request: FastifyRequest, handlerChose: boolean) =>
    request.principal !== null || request.url.startsWith('/api/') || !handlerChose;
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.url;
    // A served upload's own policy (a sandbox: no script, no same origin) is stricter than a page's: kept.
    const own = reply.getHeader('content-security-policy');
    if (!(typeof own === 'string' && own.startsWith('sandbox')))
      reply.header('content-security-policy', url.startsWith(paths.api.docs) ? docs : pages);
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (options.production) {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    if (!isStaticAsset(url) && noStore(request, reply.hasHeader('cache-control'))) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
