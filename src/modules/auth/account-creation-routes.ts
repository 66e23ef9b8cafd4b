import type { FastifyInstance } from 'fastify';
import { personActor } from '../../platform/audit.ts';
import { signingSecret } from '../../platform/config.ts';
import { ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { urnQuery, withChosenUrn } from '../schools/school-picker.ts';
import { chosenSchool } from '../schools/search-schools.ts';
import { clearPendingSignIn, readPendingSignIn, setPendingSignIn, setSessionCookie } from './cookies.ts';
import { requestAccount, verifyAccountCode } from './create-account.ts';
import { createAccountForm, enterCodeForm } from './forms.ts';
import { signIn } from './sessions.ts';
import { CODE_LIFETIME_MINUTES, signInCodeKey } from './sign-in-codes.ts';

const yearGroupItems = ['Reception', ...Array.from({ length: 13 }, (_, i) => `Year ${i + 1}`)];

/** A teacher new to the platform makes an account with their school; it exists once they enter the emailed code. */
export function registerAccountCreationRoutes(app: FastifyInstance, services: Services): void {
  const { db, config, mailer } = services;
  const secure = config.isProduction;
  const codeKey = signInCodeKey(signingSecret(config));

  app.get(paths.createAccount, { config: { access: 'public' } }, async (request, reply) => {
    if (request.principal) return reply.redirect(paths.dashboard);
    // The school chosen on the school search page (`?schoolUrn=`), or typed before an error.
    const urn = urnQuery.parse(request.query).schoolUrn;
    return reply.render('modules/auth/views/create-account.njk', {
      pageTitle: 'Create an account',
      yearGroupItems,
      chosen: urn ? await chosenSchool(db, { urn }) : null,
      chosenUrn: urn ?? null,
    });
  });

  app.post(paths.createAccount, { config: { access: 'public' } }, async (request, reply) => {
    const keep = ['givenName', 'familyName', 'email', 'schoolUrn', 'roleInSchool'] as const;
    return handleForm(
      reply,
      {
        formUrl: withChosenUrn(paths.createAccount, request.body),
        body: request.body,
        keep,
        lists: ['yearGroups'],
        schema: createAccountForm,
      },
      async (form) => {
        // The same answer whether or not the email has an account (that person is emailed how to sign in).
        await requestAccount(
          {
            db,
            mailer,
            codeKey,
            codeUrl: new URL(paths.createAccountCode, config.PUBLIC_URL).toString(),
            signInUrl: new URL(paths.signIn, config.PUBLIC_URL).toString(),
          },
          { ...form, ip: request.ip },
        );
        setPendingSignIn(reply, { email: form.email.toLowerCase(), returnTo: '' }, secure);
        return reply.code(303).redirect(paths.createAccountCode);
      },
    );
  });

  app.get(paths.createAccountCode, { config: { access: 'public' } }, async (request, reply) => {
    const pending = readPendingSignIn(request);
    if (!pending) return reply.redirect(paths.createAccount);
    return reply.render('modules/auth/views/create-account-code.njk', {
      pageTitle: 'Check your email',
      email: pending.email,
      lifetimeMinutes: CODE_LIFETIME_MINUTES,
    });
  });

  app.post(paths.createAccountCode, { config: { access: 'public' } }, async (request, reply) => {
    const pending = readPendingSignIn(request);
    if (!pending) return reply.code(303).redirect(paths.createAccount);
    const form = { formUrl: paths.createAccountCode, body: request.body, keep: [], schema: enterCodeForm };
    return handleForm(reply, form, async ({ code }) => {
      const result = await verifyAccountCode(
        db,
        (personId) => personActor(personId),
        { email: pending.email, code, ip: request.ip },
        codeKey,
      );
      if (!result.ok) {
        const message =
          result.reason === 'malformed'
            ? 'Enter the 6-digit code from the email'
            : 'That code is not right, or it has expired or been used. Create your account again to get a new code.';
        throw new ValidationError([{ field: 'code', message }]);
      }
      const token = await signIn(db, {
        personId: result.personId,
        method: 'code',
        previousSessionId: request.sessionId,
      });
      setSessionCookie(reply, token, secure);
      clearPendingSignIn(reply, secure);
      return reply
        .flash({
          kind: 'success',
          text: 'Your account is ready. Find your hub’s offer to register for an activity.',
        })
        .code(303)
        .redirect(paths.dashboard);
    });
  });
}
