import { randomBytes } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../database.ts';
import { formStates } from '../form-state-schema.ts';
import type { Flash, FormState } from '../http.ts';
import { registerInputChecks } from '../input-checks.ts';

export const FLASH_COOKIE = 'mh_flash';
export const FORM_COOKIE = 'mh_form';

/** What a page needs from the forms: a refused form's kept state for this request. */
export interface KeptForms {
  stateOf(request: FastifyRequest): FormState | null;
}

/**
 * Post/redirect/get: the flash message, a refused form's errors and input kept in `form_states`
 * (read once by the next page), and the input checks made before any route reads its input.
 */
export function setUpForms(app: FastifyInstance, config: Config, db: Database): KeptForms {
  const cookieSecure = config.isProduction;
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
  return { stateOf: (request) => formStateOf.get(request) ?? null };
}
