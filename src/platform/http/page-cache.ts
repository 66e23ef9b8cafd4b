import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { todayInEngland } from '../dates.ts';
import type { PageToRender } from '../http.ts';
import { csrfPlaceholder, PageCache, pageKey } from '../page-cache.ts';
import { FLASH_COOKIE, FORM_COOKIE } from './forms.ts';
import type { PageHtml } from './views.ts';

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
  }
}

/**
 * Pages opened often (a hub's activity list, a register) are kept once made, under the versions of
 * the records they show, the person, the address and the day (src/platform/page-cache.ts). A request
 * carrying a flash message or a failed form's input is always made afresh, and not kept.
 */
export function setUpPageCache(app: FastifyInstance, config: Config, pageHtml: PageHtml): void {
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
}
