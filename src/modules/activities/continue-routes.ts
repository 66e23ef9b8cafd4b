import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { chooseHub, hubChoiceItems } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { unpublishedNotice } from './catalogue-notice.ts';
import {
  type ContinueResult,
  continueActivities,
  continuesAsNames,
  continuingActivities,
  yearBefore,
} from './continue-activities.ts';
import { yearFromParam, yearParam } from './forms.ts';
import { canManageHubActivities, canPlanActivities } from './policy.ts';
import { hubYearQuery } from './route-params.ts';
import { activityKindNames } from './schema.ts';
import { yearItems } from './view-models.ts';

/** What the flash says after copying. */
export function continuedText(result: ContinueResult): string {
  const n = result.created.length;
  if (!n) return `Nothing was copied: the chosen activities were already copied into ${result.yearCode}`;
  const schools = result.created.reduce((sum, c) => sum + c.schools, 0);
  const participants = result.created.reduce((sum, c) => sum + c.participants, 0);
  const copied = `${n} ${n === 1 ? 'activity has' : 'activities have'} been copied into ${result.yearCode}, with ${schools} ${schools === 1 ? 'school' : 'schools'} and ${participants} ${participants === 1 ? 'participant' : 'participants'}: add their dates`;
  const notCarried = result.created.flatMap((c) =>
    c.leadsNotCarried.map((l) => `${l.name} (${c.title}): ${l.reason}`),
  );
  if (!notCarried.length) return copied;
  return `${copied}. Not carried as ${notCarried.length === 1 ? 'a lead' : 'leads'}: ${notCarried.join('; ')}. Add a lead on the activity’s page`;
}

/**
 * Copying last year's continuing activities (Sustaining Work Groups, communities, second years of
 * two-year programmes) into a new year, in one step: the list to tick, and copying them. Hub leadership
 * of the hub (national administrators choose a hub).
 */
export function registerContinueActivitiesRoutes(app: FastifyInstance, { db, mailer }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.myHub.continueActivities,
    { config: { access: canPlanActivities }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const yearCode = yearFromParam(request.query.year) ?? currentAcademicYear();
      const hub = choice.hub && canManageHubActivities(principal, choice.hub.id) ? choice.hub : null;
      const unpublished = await unpublishedNotice(db, yearCode, request.query.hub);
      const rows = hub && !unpublished ? await continuingActivities(db, hub.id, yearCode) : [];
      return reply.render('modules/activities/views/continue.njk', {
        pageTitle: `Continue last year’s activities into ${yearCode}`,
        choice: { ...choice, hub },
        yearCode,
        fromYear: yearBefore(yearCode),
        yearParam: yearParam(yearCode),
        years: yearItems(await yearOptions(db)),
        hubItems: hubChoiceItems(choice),
        unpublished,
        rows,
        toCopy: rows.filter((r) => r.target && !r.copiedTo).length,
        continuesAsNames,
        kindNames: activityKindNames,
        backHref: withQuery(paths.myHub.activities, { hub: request.query.hub, year: yearParam(yearCode) }),
      });
    },
  );

  typed.post(
    paths.myHub.continueActivities,
    { config: { access: canPlanActivities }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const hubSlug = typeof body.hub === 'string' && body.hub ? body.hub : request.query.hub;
      const yearCode = yearFromParam(String(body.year ?? request.query.year ?? '')) ?? currentAcademicYear();
      const formUrl = withQuery(paths.myHub.continueActivities, { hub: hubSlug, year: yearParam(yearCode) });
      return handleForm(reply, { formUrl, body, lists: ['activityIds'] }, async (input) => {
        const { hub } = await chooseHub(db, principal, hubSlug);
        if (!hub) throw new ValidationError([{ field: 'hub', message: 'Choose a hub' }]);
        if (!canManageHubActivities(principal, hub.id)) {
          throw new ForbiddenError('You cannot plan activities for this hub');
        }
        const ids = [input.activityIds ?? []].flat().map(Number).filter(Number.isInteger);
        const result = await continueActivities(
          db,
          actorOf(principal),
          { hubId: hub.id, yearCode, activityIds: ids },
          { mailer },
        );
        reply.flash({ kind: 'success', text: continuedText(result) });
        return reply
          .code(303)
          .redirect(withQuery(paths.myHub.activities, { hub: hubSlug, year: yearParam(yearCode) }));
      });
    },
  );
}
