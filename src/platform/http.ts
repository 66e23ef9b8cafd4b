import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from './errors.ts';
import type { Principal } from './principal.ts';

/**
 * Who may call a route. Every route declares one: a route without `config.access` fails at start-up,
 * so nothing is reachable by accident (deny by default).
 *  - 'public': anyone, signed in or not;
 *  - 'signed-in': any signed-in person;
 *  - a function: a signed-in person for whom it returns true. Record-level checks (which hub) are
 *    made again after loading, in each module's policy.
 */
export type Access = 'public' | 'signed-in' | ((principal: Principal) => boolean);

/** The signed cookie that carries a browser's session id (its hash is a row in `sessions`). */
export const SESSION_COOKIE = 'mh_session';

export interface Flash {
  kind: 'success' | 'info';
  text: string;
}

/** A form's errors and the input to show again, carried across a post/redirect/get. */
export interface FormState {
  errors: FieldError[];
  values: Record<string, unknown>;
}

/** A page's template and its context. */
export type PageToRender = [template: string, context: Record<string, unknown>];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionId: string | null;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
    /**
     * Renders a page, or sends the one kept for the same record versions (`dataVersionsOf`), person,
     * address and day. `make` reads the page's records and returns its template and context.
     */
    renderCached(versions: string, make: () => Promise<PageToRender>): Promise<FastifyReply>;
    /** Sends JSON text, or the text kept for the same record versions, principal and address. */
    sendKeptJson(versions: string, make: () => Promise<string>): Promise<FastifyReply>;
    flash(flash: Flash): FastifyReply;
    /** Redirects back to a form with its errors and the input to show again. */
    formErrors(location: string, state: FormState): FastifyReply;
  }
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route reached without a principal: check its access');
  return request.principal;
}

/** Errors keyed by field, for the `errorMessage` of GOV.UK components. */
export function errorsByField(errors: FieldError[]): Record<string, { text: string }> {
  const out: Record<string, { text: string }> = {};
  for (const e of errors) out[e.field] ??= { text: e.message };
  return out;
}

export const isApiRequest = (request: FastifyRequest) => request.url.startsWith('/api/');
export type { FastifyReply, FastifyRequest };
