import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { unpublishedNotice } from './catalogue-notice.ts';
import { readPlanForm, yearFromParam, yearParam } from './forms.ts';
import { planActivity } from './plan-activity.ts';
import { canManageHubActivities, canPlanActivities } from './policy.ts';
import { hubYearQuery } from './route-params.ts';
import { newActivityView } from './view-models.ts';
import { yearCatalogue } from './year-catalogue.ts';

/** Planning an activity: the form, and planning it (with the continuing participants' emails). */
export function registerPlanActivityRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.myHub.newActivity,
    { config: { access: canPlanActivities }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const yearCode = yearFromParam(request.query.year) ?? currentAcademicYear();
      const hub = choice.hub && canManageHubActivities(principal, choice.hub.id) ? choice.hub : null;
      // Hubs plan only under a published catalogue: until then the page says so, who to ask, and a way on.
      const unpublished = await unpublishedNotice(db, yearCode, request.query.hub);
      return reply.render('modules/activities/views/new-activity.njk', {
        ...newActivityView({
          choice: { ...choice, hub },
          hubSlug: request.query.hub,
          yearCode,
          years: await yearOptions(db),
          catalogue: hub && !unpublished ? await yearCatalogue(db, yearCode) : [],
        }),
        unpublished,
      });
    },
  );

  typed.post(
    paths.myHub.newActivity,
    { config: { access: canPlanActivities }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const hubSlug = typeof body.hub === 'string' && body.hub ? body.hub : request.query.hub;
      const yearCode = yearFromParam(String(body.year ?? request.query.year ?? '')) ?? currentAcademicYear();
      const formUrl = withQuery(paths.myHub.newActivity, { hub: hubSlug, year: yearParam(yearCode) });
      return handleForm(reply, { formUrl, body }, async (input) => {
        const { hub } = await chooseHub(db, principal, hubSlug);
        if (!hub) throw new ValidationError([{ field: 'hub', message: 'Choose a hub' }]);
        const form = readPlanForm(input);
        if (!canManageHubActivities(principal, hub.id)) {
          throw new ForbiddenError('You cannot plan activities for this hub');
        }
        const { id, continuing } = await planActivity(
          db,
          actorOf(principal),
          { hubId: hub.id, yearCode, ...form },
          { mailer },
        );
        const n = continuing.enrolled.length;
        const enrolled = n
          ? `. ${n} ${n === 1 ? 'participant who' : 'participants who'} registered for both years ${n === 1 ? 'is' : 'are'} enrolled on it and emailed`
          : '';
        reply.flash({ kind: 'success', text: `${form.title} has been planned${enrolled}` });
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );
}
