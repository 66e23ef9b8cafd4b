import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { signingSecret } from '../../platform/config.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { isDemoEmail, listDemoAccounts } from '../people/demo-accounts.ts';
import {
  clearPendingSignIn,
  clearSessionCookie,
  readPendingSignIn,
  setPendingSignIn,
  setSessionCookie,
} from './cookies.ts';
import { findEnabledPersonById } from './find-person.ts';
import { demoSignInForm, enterCodeForm, passwordSignInForm, requestCodeForm } from './forms.ts';
import { canUseDemoShortcut } from './policy.ts';
import { requestSignInCode } from './request-sign-in-code.ts';
import { safeReturnTo } from './return-to.ts';
import { type SignInMethod, signIn, signOut } from './sessions.ts';
import { CODE_LIFETIME_MINUTES, MAX_CODE_ATTEMPTS, signInCodeKey } from './sign-in-codes.ts';
import { signInWithPassword } from './sign-in-with-password.ts';
import { verifySignInCode } from './verify-sign-in-code.ts';

const returnToQuery = z.object({ returnTo: z.string().max(2000).optional() });
const REJECTED_CODE =
  `That code is not right, or it has expired or been used. A code lasts ${CODE_LIFETIME_MINUTES} minutes, ` +
  `works once and stops working after ${MAX_CODE_ATTEMPTS} wrong tries. Ask for a new code if you need one.`;

/** Only a safe relative path survives; anything else becomes '' (the dashboard). */
const returnToFrom = (value: unknown) => safeReturnTo(value, '');

/** Sign-in with an emailed code or a password, demo shortcuts, and sign-out. */
export function registerSignInRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const secure = config.isProduction;
  const codeKey = signInCodeKey(signingSecret(config));

  const finishSignIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: number,
    method: SignInMethod,
    returnTo: string,
  ) => {
    const token = await signIn(db, { personId, method, previousSessionId: request.sessionId });
    setSessionCookie(reply, token, secure);
    clearPendingSignIn(reply, secure);
    return reply.code(303).redirect(safeReturnTo(returnTo));
  };

  app.get(paths.signIn, { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = returnToFrom(returnToQuery.safeParse(request.query).data?.returnTo);
    const demoAccounts = config.showDemoShortcuts ? await listDemoAccounts(db) : [];
    return reply.render('modules/auth/views/sign-in.njk', { pageTitle: 'Sign in', returnTo, demoAccounts });
  });

  app.post(paths.signIn, { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = returnToFrom((request.body as { returnTo?: unknown } | undefined)?.returnTo);
    const formUrl = withQuery(paths.signIn, { returnTo });
    return handleForm(
      reply,
      { formUrl, body: request.body, keep: ['email'], schema: requestCodeForm },
      async ({ email }) => {
        // The same answer whether or not the address is known; the rate limits refuse with 429 (not a form error).
        await requestSignInCode(
          {
            db,
            mailer: services.mailer,
            codeKey,
            signInCodeUrl: new URL(paths.signInCode, config.PUBLIC_URL).toString(),
            onMailError: (error) => request.log.error({ err: error }, 'could not send a sign-in code'),
          },
          { email, ip: request.ip },
        );
        setPendingSignIn(reply, { email: email.toLowerCase(), returnTo }, secure);
        return reply.code(303).redirect(paths.signInCode);
      },
    );
  });

  app.get(paths.signInCode, { config: { access: 'public' } }, async (request, reply) => {
    const pending = readPendingSignIn(request);
    if (!pending) return reply.redirect(paths.signIn);
    return reply.render('modules/auth/views/sign-in-code.njk', {
      pageTitle: 'Check your email',
      email: pending.email,
      lifetimeMinutes: CODE_LIFETIME_MINUTES,
      newCodeHref: withQuery(paths.signIn, { returnTo: pending.returnTo }),
    });
  });

  app.post(paths.signInCode, { config: { access: 'public' } }, async (request, reply) => {
    const pending = readPendingSignIn(request);
    if (!pending) return reply.code(303).redirect(paths.signIn);
    // A code is never shown again; a wrong, expired or used one gets one message for all three.
    const form = { formUrl: paths.signInCode, body: request.body, keep: [] };
    return handleForm(reply, { ...form, schema: enterCodeForm }, async ({ code }) => {
      const result = await verifySignInCode(db, { email: pending.email, code, ip: request.ip }, codeKey);
      if (!result.ok) {
        const message =
          result.reason === 'malformed' ? 'Enter the 6-digit code from the email' : REJECTED_CODE;
        throw new ValidationError([{ field: 'code', message }]);
      }
      return finishSignIn(request, reply, result.personId, 'code', pending.returnTo);
    });
  });

  app.get(paths.signInPassword, { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = returnToFrom(returnToQuery.safeParse(request.query).data?.returnTo);
    return reply.render('modules/auth/views/sign-in-password.njk', {
      pageTitle: 'Sign in with a password',
      returnTo,
    });
  });

  app.post(paths.signInPassword, { config: { access: 'public' } }, async (request, reply) => {
    const returnTo = returnToFrom((request.body as { returnTo?: unknown } | undefined)?.returnTo);
    const back = withQuery(paths.signInPassword, { returnTo });
    const form = { formUrl: back, body: request.body, keep: ['email'], schema: passwordSignInForm };
    return handleForm(reply, form, async (input) => {
      const result = await signInWithPassword(db, { ...input, ip: request.ip });
      if (!result.ok) {
        const message = 'Enter a correct email address and password, or sign in with an emailed code';
        throw new ValidationError([{ field: 'email', message }]);
      }
      return finishSignIn(request, reply, result.personId, 'password', returnTo);
    });
  });

  app.post(paths.signInDemo, { config: { access: 'public' } }, async (request, reply) => {
    if (!config.showDemoShortcuts) throw new NotFoundError('Page not found');
    const parsed = demoSignInForm.safeParse(request.body);
    const person = parsed.success ? await findEnabledPersonById(db, parsed.data.personId) : null;
    if (!parsed.success || !canUseDemoShortcut(config.showDemoShortcuts, person, isDemoEmail)) {
      throw new NotFoundError('There is no such demo account');
    }
    return finishSignIn(request, reply, person!.id, 'demo', returnToFrom(parsed.data.returnTo));
  });

  app.get(paths.signOut, { config: { access: 'public' } }, async (request, reply) => {
    if (!request.principal) return reply.redirect(paths.signIn);
    return reply.render('modules/auth/views/sign-out.njk', { pageTitle: 'Sign out' });
  });

  app.post(paths.signOut, { config: { access: 'public' } }, async (request, reply) => {
    const { principal, sessionId } = request;
    if (principal && sessionId) {
      await signOut(db, actorOf(principal), { sessionId });
    }
    clearSessionCookie(reply, secure);
    return reply.flash({ kind: 'success', text: 'You have signed out' }).code(303).redirect(paths.signIn);
  });
}
