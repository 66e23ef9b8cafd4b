import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom, formState } from '../../platform/form-errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { personParams } from '../people/forms.ts';
import { getPerson } from '../people/get-person.ts';
import { collectPersonalData, type PersonalData, personalDataJson } from './collect-personal-data.ts';
import { erasePerson, erasureSteps } from './erase-person.ts';
import { canErasePeople, canProducePersonData, canViewRetention } from './policy.ts';
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
    return db.transaction(async (tx) => {
      const data = await collectPersonalData(tx, personId);
      await recordEvent(tx, actorOf(principal), {
        action: 'person.data_produced',
        subjectType: 'person',
        subjectId: personId,
        changes: { format },
      });
      return data;
    });
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
    await getPerson(db, principal, id);
    const back = paths.privacy.erasePerson(id);
    const parsed = eraseForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.formErrors(back, formState(fieldErrorsFrom(parsed.error), request.body, ['reason']));
    }
    try {
      await db.transaction((tx) =>
        erasePerson(tx, actorOf(principal), {
          personId: id,
          reason: parsed.data.reason,
          actingPersonId: principal.personId,
        }),
      );
    } catch (error) {
      if (error instanceof ValidationError) {
        return reply.formErrors(back, formState(error.errors, request.body, ['reason']));
      }
      throw error;
    }
    return reply
      .flash({ kind: 'success', text: 'Their personal data has been erased' })
      .code(303)
      .redirect(paths.admin.person(id));
  });

  app.get(paths.privacy.retention, { config: { access: canViewRetention } }, async (_request, reply) =>
    reply.render('modules/privacy/views/retention.njk', {
      pageTitle: 'Retention: what is due',
      outcomes: await retentionDryRun(db),
    }),
  );
}
