import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { multipartBody } from './multipart.ts';

/**
 * A browser-like client over app.inject: keeps cookies, and posts forms with the CSRF token that the
 * page carrying the form rendered (as a person's browser would).
 */
export class TestClient {
  private cookies = new Map<string, string>();
  private readonly app: FastifyInstance;
  constructor(app: FastifyInstance) {
    this.app = app;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** The CSRF token of the first form on a page. */
  async csrfFrom(url: string): Promise<string> {
    const page = await this.get(url);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match) throw new Error(`No form with a CSRF token on ${url} (status ${page.statusCode})`);
    return match[1]!;
  }

  /**
   * Posts a form as a browser would after loading `formUrl` (default: the same URL): with the page's
   * CSRF token, and the version an edit form was made from (its hidden `version` field) unless given.
   */
  async submit(
    url: string,
    fields: Record<string, string | string[]>,
    formUrl = url,
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error(`No form with a CSRF token on ${formUrl} (status ${page.statusCode})`);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1];
    // A browser names the page the form was on (Referer), as the app's input checks use.
    return this.post(
      url,
      { ...(version ? { version } : {}), ...fields, _csrf: csrf },
      { referer: `http://localhost${formUrl}` },
    );
  }

  async post(
    url: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          cookie: this.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
      }),
    );
  }

  /** Sends a file with the upload form (multipart) on `formUrl`, as a browser would. */
  async upload(
    formUrl: string,
    fields: Record<string, string>,
    file: { name: string; bytes: Buffer },
  ): Promise<LightMyRequestResponse> {
    const page = await this.get(formUrl);
    const form = /<form\b[^>]*multipart\/form-data[^>]*>/.exec(page.body)?.[0] ?? '';
    const action = /action="([^"]+)"/.exec(form)?.[1];
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!action || !token) throw new Error(`No upload form on ${formUrl} (status ${page.statusCode})`);
    const { payload, contentType } = multipartBody({ _csrf: token, ...fields }, file);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url: action.replaceAll('&amp;', '&'),
        payload,
        headers: {
          cookie: this.cookieHeader(),
          'content-type': contentType,
          referer: `http://localhost${formUrl}`,
        },
      }),
    );
  }
}
