import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import type { Flash } from '../http.ts';
import { navigationFor, sectionNavigationFor } from '../navigation.ts';
import { type createViews, projectRoot } from '../views.ts';
import { FLASH_COOKIE, FORM_COOKIE, type KeptForms } from './forms.ts';
import { wrapWideTables } from './wide-tables.ts';

/** A page's HTML from its template and context, with the given form token. */
export type PageHtml = (
  reply: FastifyReply,
  template: string,
  context: Record<string, unknown>,
  csrfToken: string,
) => string;

/** The static files (govuk-frontend's assets, our CSS and script). */
export async function setUpStaticFiles(app: FastifyInstance): Promise<void> {
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
}

/** `reply.render(template, context)`; returns the page maker that the page cache uses too. */
export function setUpViews(
  app: FastifyInstance,
  config: Config,
  views: ReturnType<typeof createViews>,
  forms: KeptForms,
): PageHtml {
  // A page's HTML from its template, with what every page shows: the person's navigation, the form
  // token, a flash message and a failed form's errors and input (both read once, then cleared).
  const pageHtml: PageHtml = (reply, template, context, csrfToken) => {
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
    const form = forms.stateOf(request);
    const html = views.render(template, {
      principal: request.principal,
      navigation: navigationFor(request.principal, request.url),
      sectionNavigation: sectionNavigationFor(request.principal, request.url),
      csrfToken,
      flash: readCookie<Flash>(FLASH_COOKIE),
      showDemoShortcuts: config.showDemoShortcuts,
      currentUrl: request.url,
      // Each error serves both the GOV.UK error summary (text, href) and its field (field, message).
      errors: (form?.errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}`, ...e })),
      values: form?.values ?? {},
      ...context,
    });
    return wrapWideTables(html);
  };

  app.decorateReply('render', function (this, template: string, context: Record<string, unknown> = {}) {
    return this.type('text/html; charset=utf-8').send(pageHtml(this, template, context, this.generateCsrf()));
  });
  return pageHtml;
}
