import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate } from '../../platform/dates.ts';
import { type Column, sendTable } from '../../platform/exports.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubQuery, idParam, parseAcademicYear } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor } from '../activities/load-activity.ts';
import { canOpenActivities, canTakeRegister } from '../activities/policy.ts';
import { listHref } from '../hubs/admin-lists.ts';
import { chooseHub, hubChoiceItems, hubSlugToKeep } from '../hubs/choose-hub.ts';
import { askForHub } from '../hubs/choose-hub-page.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { schoolNames } from '../schools/school-names.ts';
import { canViewEvaluation } from './policy.ts';
import { visitCoverage } from './visit-coverage.ts';
import { registerVisitEditRoutes } from './visit-edit-routes.ts';
import {
  getVisit,
  hubVisitChoices,
  listActivityVisits,
  listHubVisits,
  type VisitListRow,
  visitActionsOwnedBy,
} from './visit-reads.ts';

const view = (name: string) => `modules/evaluation/views/${name}.njk`;
const activityParams = z.object({ id: idParam });
const visitParams = z.object({ id: idParam, visitId: idParam });
const formatQuery = z.enum(['html', 'csv', 'xlsx']).catch('html');
const optionalId = z.preprocess((v) => (v === '' ? undefined : v), idParam.optional()).catch(undefined);
const listQuery = z.object({ format: formatQuery });
const hubListQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(9).optional().catch(undefined),
  activity: optionalId,
  school: optionalId,
  format: formatQuery,
});

/** The columns of a list of visits as a download. */
const visitColumns: Column<VisitListRow>[] = [
  { header: 'Date', value: (r) => r.visitedOn },
  { header: 'School', value: (r) => r.schoolName },
  { header: 'URN', value: (r) => r.schoolUrn },
  { header: 'Activity', value: (r) => r.activityTitle },
  { header: 'Year groups seen', value: (r) => r.yearGroups.join(', ') },
  { header: 'Classes seen', value: (r) => r.classesSeen ?? '' },
  { header: 'Focus', value: (r) => r.focus },
  { header: 'Visited by', value: (r) => r.visitors.join(', ') },
  { header: 'Agreed actions', value: (r) => r.actions },
  { header: 'Open actions', value: (r) => r.openActions },
];

/** The year control's items (`platform/views/year-control.njk`), the year shown among them. */
const yearItems = (years: readonly string[], shown: string) =>
  (years.includes(shown) ? years : [...years, shown].sort().reverse()).map((y) => ({
    value: yearSlug(y),
    text: y,
  }));

/**
 * Records of visits to schools (issue 15): an activity's visits (its leads, its hub's leadership and the
 * national team; changed by its leads and hub leadership), one visit, the coverage of its schools across
 * year groups, and a hub's visits for hub leadership and the national team. Recording, changing and
 * deleting are in `visit-edit-routes.ts`.
 */
export function registerVisitRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: canOpenActivities };

  typed.get(
    paths.evaluation.visits.list(),
    { config: access, schema: { params: activityParams, querystring: listQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      const loaded = await activityFor(db, principal, id, 'view');
      const visits = await listActivityVisits(db, { activityId: id });
      if (request.query.format !== 'html') {
        return sendTable(reply, request.query.format, `visits-activity-${id}`, {
          name: 'Visits',
          columns: visitColumns,
          rows: visits,
        });
      }
      const list = paths.evaluation.visits.list(id);
      return reply.render(view('visit-list'), {
        pageTitle: `Visits to schools: ${loaded.activity.title}`,
        activity: loaded.activity,
        visits,
        canChange: canTakeRegister(principal, {
          hubId: loaded.activity.hubId,
          leadPersonIds: loaded.leadPersonIds,
        }),
        csvHref: listHref(list, {}, { format: 'csv' }),
        xlsxHref: listHref(list, {}, { format: 'xlsx' }),
      });
    },
  );

  typed.get(
    paths.evaluation.visits.coverage(),
    { config: access, schema: { params: activityParams } },
    async (request, reply) => {
      const { id } = request.params;
      const loaded = await activityFor(db, requirePrincipal(request), id, 'view');
      return reply.render(view('visit-coverage'), {
        pageTitle: `Coverage of year groups: ${loaded.activity.title}`,
        activity: loaded.activity,
        coverage: await visitCoverage(db, { activityId: id }),
      });
    },
  );

  typed.get(
    paths.evaluation.visits.show(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      const loaded = await activityFor(db, principal, id, 'view');
      const visit = await getVisit(db, { activityId: id, visitId });
      return reply.render(view('visit'), {
        pageTitle: `Visit to ${visit.schoolName} on ${formatDate(visit.visitedOn)}`,
        activity: loaded.activity,
        visit,
        canChange: canTakeRegister(principal, {
          hubId: loaded.activity.hubId,
          leadPersonIds: loaded.leadPersonIds,
        }),
      });
    },
  );

  typed.get(paths.evaluation.visits.mine, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const actions = await visitActionsOwnedBy(db, principal.personId);
    return reply.render(view('visit-my-actions'), {
      pageTitle: 'Your actions from visits',
      open: actions.filter((a) => a.status === 'open'),
      done: actions.filter((a) => a.status === 'done'),
    });
  });

  typed.get(
    paths.evaluation.visits.hub,
    { config: { access: canViewEvaluation }, schema: { querystring: hubListQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      // Another hub's slug is "not found" (the one hub chooser); national staff choose a hub first.
      const choice = await chooseHub(db, principal, q.hub);
      const asked = askForHub(reply, choice, {
        pageTitle: 'Visits to schools',
        action: paths.evaluation.visits.hub,
      });
      if (asked) return asked;
      const hub = choice.hub!;
      const yearCode = parseAcademicYear(q.year) ?? currentAcademicYear();
      const [years, choices] = await Promise.all([
        yearOptions(db),
        hubVisitChoices(db, { hubId: hub.id, yearCode }),
      ]);
      // A filter naming an activity of another hub or year is not applied. A school not visited this year
      // (opened from its journey page, say) is: its list is empty, and it is named in the choices.
      const activityId = choices.activities.some((a) => a.id === q.activity) ? q.activity : null;
      const unvisited =
        q.school && !choices.schools.some((s) => s.urn === q.school)
          ? (await schoolNames(db, [q.school])).get(q.school)
          : undefined;
      const schoolUrn = choices.schools.some((s) => s.urn === q.school) || unvisited ? q.school! : null;
      if (unvisited) choices.schools.push({ urn: schoolUrn!, name: `${unvisited} (no visits this year)` });
      const visits = await listHubVisits(db, { hubId: hub.id, yearCode, activityId, schoolUrn });
      if (q.format !== 'html') {
        return sendTable(reply, q.format, `visits-${hub.slug}-${yearSlug(yearCode)}`, {
          name: `Visits ${yearCode}`,
          columns: visitColumns,
          rows: visits,
        });
      }
      const linkQuery = {
        hub: hubSlugToKeep(principal, choice),
        year: yearSlug(yearCode),
        activity: activityId ? String(activityId) : '',
        school: schoolUrn ? String(schoolUrn) : '',
      };
      return reply.render(view('visit-hub-list'), {
        pageTitle: `Visits to schools: ${hub.name}`,
        hub,
        hubItems: choice.options.length > 1 ? hubChoiceItems(choice, null) : [],
        yearCode,
        years: yearItems(years, yearCode),
        yearValue: yearSlug(yearCode),
        activityItems: [
          { value: '', text: 'All activities' },
          ...choices.activities.map((a) => ({
            value: String(a.id),
            text: a.title,
            selected: a.id === activityId,
          })),
        ],
        schoolItems: [
          { value: '', text: 'All schools' },
          ...choices.schools.map((s) => ({
            value: String(s.urn),
            text: s.name,
            selected: s.urn === schoolUrn,
          })),
        ],
        visits,
        csvHref: listHref(paths.evaluation.visits.hub, linkQuery, { format: 'csv' }),
        xlsxHref: listHref(paths.evaluation.visits.hub, linkQuery, { format: 'xlsx' }),
      });
    },
  );

  registerVisitEditRoutes(app, services);
}
