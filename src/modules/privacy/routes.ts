import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ConflictError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { personParams } from '../people/forms.ts';
import { getPerson } from '../people/get-person.ts';
import { collectPersonalData, type PersonalData, personalDataJson } from './collect-personal-data.ts';
import { erasePerson, erasureSteps } from './erase-person.ts';
import { canErasePeople, canProducePersonData, canViewRetention } from './policy.ts';
import { producePersonalData } from './produce-personal-data.ts';
import { INACTIVE_YEARS, retentionDryRun, retentionRules } from './retention.ts';

const eraseForm = z.object({
  reason: z
    .string({ error: 'Enter why their data is being erased' })
    .trim()
    .min(1, 'Enter why their data is being erased')
    .max(500, 'The reason must be 500 characters or fewer'),
  confirm: z.literal('yes', { error: 'Confirm that you want to erase their personal data' }),
});

const attachment = (reply: FastifyReply, personId: number, json: string) =>
  reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="personal-data-${personId}.json"`)
    .type('application/json; charset=utf-8')
    .send(json);

/** UK GDPR: the privacy notice, subject access, erasure and the retention schedule's dry run. */
export function registerPrivacyRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.privacy.notice, { config: { access: 'public' } }, async (_request, reply) =>
    reply.render('modules/privacy/views/privacy-notice.njk', {
      pageTitle: 'Privacy notice',
      inactiveYears: INACTIVE_YEARS,
      rules: retentionRules.map(({ id, record, period, action }) => ({ id, record, period, action })),
    }),
  );

  const renderData = (reply: FastifyReply, data: PersonalData, own: boolean) =>
    reply.header('cache-control', 'no-store').render('modules/privacy/views/personal-data.njk', {
      pageTitle: own ? 'Your data' : `Data held about ${data.profile.givenName} ${data.profile.familyName}`,
      data,
      own,
      jsonHref: own ? paths.privacy.yourDataJson : paths.privacy.personDataJson(data.personId),
      backHref: own ? paths.account : paths.admin.person(data.personId),
    });

  app.get(paths.privacy.yourData, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return renderData(reply, await collectPersonalData(db, principal.personId), true);
  });

  app.get(paths.privacy.yourDataJson, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const data = await collectPersonalData(db, principal.personId);
    return attachment(reply, principal.personId, personalDataJson(data));
  });

  // Staff produce a person's data on their request: within their scope, and logged (by id only).
  const produceFor = async (principal: Principal, personId: number, format: 'page' | 'json') => {
    await getPerson(db, principal, personId);
    return producePersonalData(db, actorOf(principal), { personId, format });
  };

  const eraseRoute = { config: { access: canErasePeople }, schema: { params: personParams } };

  app.get(
    paths.privacy.personData(),
    { config: { access: canProducePersonData }, schema: { params: personParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = personParams.parse(request.params);
      return renderData(reply, await produceFor(principal, id, 'page'), false);
    },
  );

  app.get(
    paths.privacy.personDataJson(),
    { config: { access: canProducePersonData }, schema: { params: personParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = personParams.parse(request.params);
      return attachment(reply, id, personalDataJson(await produceFor(principal, id, 'json')));
    },
  );

  app.get(paths.privacy.erasePerson(), eraseRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    const { person } = await getPerson(db, principal, id);
    return reply.render('modules/privacy/views/erase-person.njk', {
      pageTitle: `Erase ${person.givenName} ${person.familyName}’s personal data`,
      person,
      steps: erasureSteps,
      self: person.id === principal.personId,
    });
  });

  app.post(paths.privacy.erasePerson(), eraseRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = personParams.parse(request.params);
    const { person } = await getPerson(db, principal, id);
    // Erased already: the "conflict" page (409), not the form (erasePerson refuses it too, under lock).
    if (person.erasedAt) throw new ConflictError('This person’s personal data has already been erased');
    const form = { formUrl: paths.privacy.erasePerson(id), body: request.body, keep: ['reason'] };
    return handleForm(reply, { ...form, schema: eraseForm }, async ({ reason }) => {
      await erasePerson(db, actorOf(principal), { personId: id, reason, actingPersonId: principal.personId });
      return reply
        .flash({ kind: 'success', text: 'Their personal data has been erased' })
        .code(303)
        .redirect(paths.admin.person(id));
    });
  });

  app.get(paths.privacy.retention, { config: { access: canViewRetention } }, async (_request, reply) =>
    reply.render('modules/privacy/views/retention.njk', {
      pageTitle: 'Retention: what is due',
      outcomes: await retentionDryRun(db),
    }),
  );
}
