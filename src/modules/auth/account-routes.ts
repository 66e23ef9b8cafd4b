import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { getOwnRecord } from '../people/get-person.ts';
import { chosenSchool } from '../schools/search-schools.ts';
import { describeRoles } from './account.ts';
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { clearSessionCookie } from './cookies.ts';
import { apiTokenForm, setPasswordForm } from './forms.ts';
import { canManageApiToken } from './policy.ts';
import { SESSION_HOURS, SESSION_IDLE_MINUTES, signOutEverywhere } from './sessions.ts';
import { MIN_PASSWORD_LENGTH, setPassword } from './set-password.ts';

const tokenParams = z.object({ id: idParam });
const revokeRoute = { config: { access: 'signed-in' as const }, schema: { params: tokenParams } };

/** The signed-in person's own account: details and roles, password, personal API tokens. */
export function registerAccountRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get(paths.account, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const person = await getOwnRecord(db, principal.personId);
    return reply.render('modules/auth/views/account.njk', {
      pageTitle: 'Your account',
      school: person.schoolUrn ? await chosenSchool(db, { urn: person.schoolUrn }) : null,
      schoolUrn: person.schoolUrn,
      yearGroups: person.yearGroups,
      roles: await describeRoles(db, principal),
      idleHours: SESSION_IDLE_MINUTES / 60,
      sessionHours: SESSION_HOURS,
    });
  });

  // Every session of the person ends, this one too (they sign in again); API tokens are left alone.
  app.post(paths.accountSignOutEverywhere, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    await signOutEverywhere(db, actorOf(principal), { personId: principal.personId });
    clearSessionCookie(reply, services.config.isProduction);
    return reply
      .flash({ kind: 'success', text: 'You have been signed out everywhere' })
      .code(303)
      .redirect(paths.signIn);
  });

  app.get(paths.accountPassword, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/auth/views/account-password.njk', {
      pageTitle: principal.hasPassword ? 'Change your password' : 'Set a password',
      minLength: MIN_PASSWORD_LENGTH,
    });
  });

  app.post(paths.accountPassword, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    // Passwords are never trimmed nor carried back to the form.
    const form = { formUrl: paths.accountPassword, body: request.body, keep: [], schema: setPasswordForm };
    return handleForm(reply, form, async ({ password }) => {
      await setPassword(db, actorOf(principal), {
        personId: principal.personId,
        password,
        keepSessionId: request.sessionId,
      });
      const text = principal.hasPassword ? 'Your password has been changed' : 'Your password has been set';
      return reply.flash({ kind: 'success', text }).code(303).redirect(paths.account);
    });
  });

  app.get(paths.apiTokens, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const tokens = await listApiTokens(db, principal.personId);
    return reply.render('modules/auth/views/api-tokens.njk', {
      pageTitle: 'Your API tokens',
      activeTokens: tokens.filter((t) => !t.revokedAt),
      revokedTokens: tokens.filter((t) => t.revokedAt),
    });
  });

  app.post(paths.apiTokens, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const form = { formUrl: paths.apiTokens, body: request.body, keep: ['name'] };
    return handleForm(reply, { ...form, schema: apiTokenForm }, async ({ name }) => {
      const created = await createApiToken(db, actorOf(principal), { personId: principal.personId, name });
      // The token is shown on this response only: it is not stored and must not be cached.
      return reply.header('cache-control', 'no-store').render('modules/auth/views/api-token-created.njk', {
        pageTitle: 'Your new API token',
        name,
        token: created.token,
        apiBaseUrl: new URL('/api/v1', services.config.PUBLIC_URL).toString(),
      });
    });
  });

  app.post(paths.apiTokenRevoke(), revokeRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = tokenParams.parse(request.params);
    const token = await findApiToken(db, { tokenId: id });
    if (!token || !canManageApiToken(principal, token)) throw new NotFoundError('There is no such API token');
    await revokeApiToken(db, actorOf(principal), { tokenId: id });
    return reply
      .flash({ kind: 'success', text: 'The API token has been revoked' })
      .code(303)
      .redirect(paths.apiTokens);
  });
}
