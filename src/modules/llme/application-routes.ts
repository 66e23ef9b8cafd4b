import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import {
  applyForm,
  completionForm,
  decisionForm,
  LIMITS,
  nominateForm,
  sponsorshipForm,
} from './application-form.ts';
import { getApplication, hubChoices, listApplications } from './application-reads.ts';
import { applicationRowView, applicationView, programmeOptions } from './application-view.ts';
import {
  applyForProgramme,
  completeApplication,
  decideApplication,
  nominateForProgramme,
  sponsorApplication,
} from './applications.ts';
import {
  applicationScope,
  applyingHubIds,
  canApply,
  canListApplications,
  canNominate,
  canSeeApplication,
  canSponsor,
} from './policy.ts';

const applicationParams = z.object({ applicationId: idParam });
const one = { schema: { params: applicationParams } };

/**
 * Applications to the LLME development programmes (issue 16): the list, applying and nominating, one
 * application's page with the hub's sponsorship, the national team's decision and completion.
 */
export function registerApplicationRoutes(app: FastifyInstance, { db }: Services): void {
  const visibleApplication = async (principal: Principal, applicationId: number) => {
    const application = await getApplication(db, applicationId);
    // Another hub's application is not found: a refusal would say that it exists.
    if (!canSeeApplication(principal, application)) throw new NotFoundError('There is no such application');
    return application;
  };

  app.get(paths.llme.applications, { config: { access: canListApplications } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const rows = await listApplications(db, {
      scope: applicationScope(principal),
      personId: principal.personId,
    });
    return reply.render('modules/llme/views/applications.njk', {
      pageTitle: 'LLME development programmes',
      applications: rows.map(applicationRowView),
      canApply: canApply(principal),
      canNominate: canNominate(principal),
    });
  });

  const formPage = async (principal: Principal, kind: 'apply' | 'nominate') => ({
    pageTitle:
      kind === 'apply' ? 'Apply for a development programme' : 'Nominate someone for a development programme',
    kind,
    action: kind === 'apply' ? paths.llme.apply : paths.llme.nominate,
    programmeOptions,
    hubOptions: (
      await hubChoices(
        db,
        kind === 'apply' ? applyingHubIds(principal) : hubIdsOf(principal, 'hub_leadership'),
      )
    ).map((h) => ({ value: String(h.id), text: h.name })),
    limits: LIMITS,
  });

  app.get(paths.llme.apply, { config: { access: canApply } }, async (request, reply) =>
    reply.render('modules/llme/views/apply.njk', await formPage(requirePrincipal(request), 'apply')),
  );

  app.post(paths.llme.apply, { config: { access: canApply } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      { formUrl: paths.llme.apply, body: request.body, schema: applyForm, conflictField: 'programme' },
      async (input) => {
        const { applicationId } = await applyForProgramme(db, actorOf(principal), {
          ...input,
          hubIds: applyingHubIds(principal),
        });
        return reply
          .flash({ kind: 'success', text: 'Your application has been sent to your hub' })
          .code(303)
          .redirect(paths.llme.application(applicationId));
      },
    );
  });

  app.get(paths.llme.nominate, { config: { access: canNominate } }, async (request, reply) =>
    reply.render('modules/llme/views/apply.njk', await formPage(requirePrincipal(request), 'nominate')),
  );

  app.post(paths.llme.nominate, { config: { access: canNominate } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return handleForm(
      reply,
      { formUrl: paths.llme.nominate, body: request.body, schema: nominateForm, conflictField: 'programme' },
      async (input) => {
        const { applicationId } = await nominateForProgramme(db, actorOf(principal), {
          ...input,
          hubIds: hubIdsOf(principal, 'hub_leadership'),
        });
        return reply
          .flash({ kind: 'success', text: 'The nomination has been recorded: the hub can now sponsor it' })
          .code(303)
          .redirect(paths.llme.application(applicationId));
      },
    );
  });

  app.get(
    paths.llme.application(),
    { config: { access: canListApplications }, ...one },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { applicationId } = applicationParams.parse(request.params);
      const application = await visibleApplication(principal, applicationId);
      return reply.render('modules/llme/views/application.njk', {
        pageTitle: `${application.name}: ${applicationView(application).programmeName}`,
        application: applicationView(application),
        canSponsor: application.status === 'awaiting_hub' && canSponsor(principal, application),
        canDecide: application.status === 'awaiting_decision' && isNationalAdmin(principal),
        canComplete: application.status === 'enrolled' && isNationalAdmin(principal),
        canSeePerson: applicationScope(principal).kind !== 'none',
      });
    },
  );

  app.post(paths.llme.sponsorship(), { config: { access: canNominate }, ...one }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { applicationId } = applicationParams.parse(request.params);
    const application = await visibleApplication(principal, applicationId);
    if (!canSponsor(principal, application)) throw new NotFoundError('There is no such application');
    return handleForm(
      reply,
      {
        formUrl: `${paths.llme.application(applicationId)}#sponsorship`,
        body: request.body,
        schema: sponsorshipForm,
        conflictField: 'sponsor',
      },
      async (input) => {
        await sponsorApplication(db, actorOf(principal), {
          applicationId,
          sponsor: input.sponsor === 'yes',
          sponsorReason: input.sponsorReason,
        });
        const text =
          input.sponsor === 'yes'
            ? 'The hub sponsors the application: it goes to the national team'
            : 'The hub does not sponsor the application';
        return reply
          .flash({ kind: 'success', text })
          .code(303)
          .redirect(paths.llme.application(applicationId));
      },
    );
  });

  app.post(paths.llme.decision(), { config: { access: isNationalAdmin }, ...one }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { applicationId } = applicationParams.parse(request.params);
    await visibleApplication(principal, applicationId);
    return handleForm(
      reply,
      {
        formUrl: `${paths.llme.application(applicationId)}#decision`,
        body: request.body,
        schema: decisionForm,
        conflictField: 'decision',
      },
      async (input) => {
        const accept = input.decision === 'accept';
        await decideApplication(db, actorOf(principal), {
          applicationId,
          accept,
          cohort: accept ? input.cohort : null,
          decisionReason: input.decisionReason || null,
        });
        const text = accept
          ? `Accepted and enrolled on cohort ${input.cohort}`
          : 'The application has been declined';
        return reply
          .flash({ kind: 'success', text })
          .code(303)
          .redirect(paths.llme.application(applicationId));
      },
    );
  });

  app.post(
    paths.llme.completion(),
    { config: { access: isNationalAdmin }, ...one },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { applicationId } = applicationParams.parse(request.params);
      await visibleApplication(principal, applicationId);
      return handleForm(
        reply,
        {
          formUrl: `${paths.llme.application(applicationId)}#completion`,
          body: request.body,
          schema: completionForm,
          conflictField: 'completedOn',
        },
        async (input) => {
          await completeApplication(db, actorOf(principal), { applicationId, ...input });
          return reply
            .flash({ kind: 'success', text: 'Completed: the accreditation has been recorded on their page' })
            .code(303)
            .redirect(paths.llme.application(applicationId));
        },
      );
    },
  );
}
