import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dataVersionsOf } from '../../platform/data-versions.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import { postedValues, StaleEditError, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { fieldErrorsFrom, formState } from '../../platform/form-errors.ts';
import { type Flash, requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { hubQuery, idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { ncpTypeNames } from '../catalogue/labels.ts';
import { pageOf } from '../hubs/admin-lists.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { currentAcademicYear, yearOptions } from '../hubs/year-options.ts';
import { type AccreditationKind, accreditationKindNames } from '../people/roles.ts';
import { activityStatusNames, isOpenActivity, statusChoices } from './activity-status.ts';
import { addActivityLead } from './add-activity-lead.ts';
import { addActivitySchool } from './add-activity-school.ts';
import { addSession } from './add-session.ts';
import { registerActivityApiRoutes } from './api-routes.ts';
import {
  activityComparedFields,
  activityFormValues,
  addLeadForm,
  dateFromParts,
  datesOf,
  parseForm,
  participantForm,
  planActivityForm,
  schoolForm,
  sessionForm,
  updateActivityForm,
  yearFromParam,
  yearParam,
} from './forms.ts';
import { getActivity } from './get-activity.ts';
import { getRegister } from './get-register.ts';
import { type ActivitySummary, latestActivityYear, listActivities } from './list-activities.ts';
import { listMyActivities } from './list-my-activities.ts';
import { llmeRoster } from './llme-roster.ts';
import { activityFor } from './load-activity.ts';
import { joinedViaField, markRegister, registerEntriesFrom, statusField } from './mark-register.ts';
import { planActivity } from './plan-activity.ts';
import {
  canManageActivity,
  canManageHubActivities,
  canOpenActivities,
  canPlanActivities,
  canSeeMyActivities,
  canTakeRegister,
  canViewHubActivities,
} from './policy.ts';
import { attendanceNames } from './register-rules.ts';
import {
  activityKindNames,
  activityKinds,
  activityStatuses,
  attendanceStatuses,
  sessionKindNames,
  sessionKinds,
} from './schema.ts';
import { updateActivity } from './update-activity.ts';
import { withdrawActivitySchool } from './withdraw-activity-school.ts';
import { withdrawParticipant } from './withdraw-participant.ts';
import { yearCatalogue } from './year-catalogue.ts';

const pageSize = 50;
const activityParams = z.object({ id: idParam });
const registerParams = z.object({ id: idParam, sessionId: idParam });

const hubYearQuery = z.object({
  hub: hubQuery,
  year: z.string().trim().max(7).optional().catch(undefined),
});
const listQuery = hubYearQuery.extend({
  ncp: z.string().trim().max(50).catch(''),
  kind: z.enum(['', ...activityKinds]).catch(''),
  status: z.enum(['', ...activityStatuses]).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});
const rosterQuery = hubYearQuery.extend({ format: z.enum(['html', 'csv', 'xlsx']).catch('html') });

/** The values a form posted, to show again after an error (never the CSRF token). */
const keep = (body: unknown) =>
  Object.keys((body ?? {}) as Record<string, unknown>).filter((k) => k !== '_csrf');

/** Runs a form's change; wrong input goes back to the form with its errors and the input kept. */
async function handleForm(
  reply: FastifyReply,
  formUrl: string,
  body: unknown,
  change: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reply.formErrors(formUrl, formState(error.errors, body, keep(body)));
  }
}

const activityColumns = [
  { header: 'NCP', value: (a: ActivitySummary) => a.ncpCode },
  { header: 'Title', value: (a: ActivitySummary) => a.title },
  { header: 'Kind', value: (a: ActivitySummary) => activityKindNames[a.kind] },
  { header: 'Status', value: (a: ActivitySummary) => activityStatusNames[a.status] },
  { header: 'Academic year', value: (a: ActivitySummary) => a.yearCode },
  { header: 'Starts', value: (a: ActivitySummary) => a.startsOn },
  { header: 'Ends', value: (a: ActivitySummary) => a.endsOn },
  { header: 'Leads', value: (a: ActivitySummary) => a.leads },
  { header: 'Schools', value: (a: ActivitySummary) => a.schoolCount },
  { header: 'Participants', value: (a: ActivitySummary) => a.participantCount },
  { header: 'Sessions', value: (a: ActivitySummary) => a.sessionCount },
  { header: 'Attendance (%)', value: (a: ActivitySummary) => a.attendanceRate },
];

/** Hub activities, their leads, schools, sessions and registers; the LLME roster; the activities API. */
const hubItems = (choice: { options: { slug: string; name: string }[] }) => [
  { value: '', text: 'Choose a hub' },
  ...choice.options.map((h) => ({ value: h.slug, text: h.name })),
];

export function registerActivityRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  // A hub's activities for a year.
  typed.get(
    paths.myHub.activities,
    { config: { access: canViewHubActivities }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const load = async () => {
        const choice = await chooseHub(db, principal, q.hub);
        const yearCode = yearFromParam(q.year) ?? currentAcademicYear();
        const all = choice.hub ? await listActivities(db, choice.hub.id, yearCode) : [];
        const found = all.filter(
          (a) =>
            (!q.ncp || a.ncpCode === q.ncp) &&
            (!q.kind || a.kind === q.kind) &&
            (!q.status || a.status === q.status),
        );
        return { choice, yearCode, all, found };
      };
      if (q.format !== 'html') {
        const { choice, yearCode, found } = await load();
        if (choice.hub) {
          return sendTable(
            reply,
            q.format as ExportFormat,
            `activities-${choice.hub.slug}-${yearParam(yearCode)}`,
            {
              name: `Activities ${yearCode}`,
              columns: activityColumns,
              rows: found,
            },
          );
        }
      }
      // The page shows the chosen hub's records (the one named, or the person's own) and national ones.
      const versions = await dataVersionsOf(
        db,
        q.hub ? { hubSlug: q.hub } : { hubIds: hubIdsOf(principal, 'hub_leadership') },
      );
      return reply.renderCached(versions, async () => {
        const { choice, yearCode, all, found } = await load();
        const linkQuery = {
          hub: q.hub,
          year: yearParam(yearCode),
          ncp: q.ncp,
          kind: q.kind,
          status: q.status,
        };
        const shown = pageOf(found, q.page, pageSize);
        // A year with no activities for the hub: point to the latest year that has some.
        const latestYear = choice.hub && !all.length ? await latestActivityYear(db, choice.hub.id) : null;
        return [
          'modules/activities/views/activities.njk',
          {
            pageTitle: choice.hub ? `Activities of ${choice.hub.name} in ${yearCode}` : 'Hub activities',
            choice,
            yearCode,
            yearParam: yearParam(yearCode),
            years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
            hubItems: hubItems(choice),
            query: q,
            ncpFilterItems: [
              { value: '', text: 'All projects' },
              ...[...new Set(all.map((a) => a.ncpCode))].map((c) => ({ value: c, text: c })),
            ],
            kindFilterItems: [
              { value: '', text: 'All kinds' },
              ...activityKinds.map((k) => ({ value: k, text: activityKindNames[k] })),
            ],
            statusFilterItems: [
              { value: '', text: 'All statuses' },
              ...activityStatuses.map((s) => ({ value: s, text: activityStatusNames[s] })),
            ],
            kindNames: activityKindNames,
            statusNames: activityStatusNames,
            activities: shown.items,
            total: shown.total,
            latestYear: latestYear && { code: latestYear, param: yearParam(latestYear) },
            pagination: pagination(shown.page, shown.lastPage, (n) =>
              withQuery(paths.myHub.activities, { ...linkQuery, page: n }),
            ),
            csvHref: withQuery(paths.myHub.activities, { ...linkQuery, format: 'csv' }),
            xlsxHref: withQuery(paths.myHub.activities, { ...linkQuery, format: 'xlsx' }),
            newHref: withQuery(paths.myHub.newActivity, { hub: choice.hub?.slug, year: yearParam(yearCode) }),
            canPlan: !!choice.hub && canManageHubActivities(principal, choice.hub.id),
          },
        ];
      });
    },
  );

  // The form to plan an activity.
  typed.get(
    paths.myHub.newActivity,
    { config: { access: canPlanActivities }, schema: { querystring: hubYearQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const choice = await chooseHub(db, principal, request.query.hub);
      const yearCode = yearFromParam(request.query.year) ?? currentAcademicYear();
      const hub = choice.hub && canManageHubActivities(principal, choice.hub.id) ? choice.hub : null;
      const catalogue = hub ? await yearCatalogue(db, yearCode) : [];
      return reply.render('modules/activities/views/new-activity.njk', {
        pageTitle: 'Plan an activity',
        choice: { ...choice, hub },
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        hubItems: hubItems(choice),
        ncpItems: [
          { value: '', text: 'Choose a project' },
          ...catalogue.map((n) => ({
            value: String(n.id),
            text: `${n.code}: ${n.title} (${ncpTypeNames[n.type]})`,
          })),
        ],
        kindItems: activityKinds.map((k) => ({ value: k, text: activityKindNames[k] })),
        backHref: withQuery(paths.myHub.activities, { hub: request.query.hub, year: yearParam(yearCode) }),
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
      return handleForm(reply, formUrl, body, async () => {
        const choice = await chooseHub(db, principal, hubSlug);
        if (!choice.hub) throw new ValidationError([{ field: 'hub', message: 'Choose a hub' }]);
        const dates = datesOf(body);
        const parsed = planActivityForm.safeParse(body);
        const problems = [...(parsed.success ? [] : fieldErrorsFrom(parsed.error)), ...dates.problems];
        if (problems.length || !parsed.success) throw new ValidationError(firstPerField(problems));
        const hubId = choice.hub.id;
        const { id, continuing } = await db.transaction(async (tx) => {
          const planned = await planActivity(tx, principal, {
            hubId,
            yearCode,
            ncpId: parsed.data.ncpId,
            kind: parsed.data.kind,
            title: parsed.data.title,
            startsOn: dates.startsOn!,
            endsOn: dates.endsOn!,
          });
          // The continuing participants' emails go in the same transaction, sent by the mail queue.
          for (const mail of planned.continuing.mails) await services.mailer.queue(tx, mail);
          return planned;
        });
        services.mailer.kick();
        const n = continuing.enrolled.length;
        const enrolled = n
          ? `. ${n} ${n === 1 ? 'participant who' : 'participants who'} registered for both years ${n === 1 ? 'is' : 'are'} enrolled on it and emailed`
          : '';
        reply.flash({ kind: 'success', text: `${parsed.data.title} has been planned${enrolled}` });
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );

  // An activity: details, leads, schools, participants, sessions.
  typed.get(
    paths.activity.show(),
    { config: { access: canOpenActivities }, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const details = await getActivity(db, principal, request.params.id);
      const record = { hubId: details.activity.hubId, leadPersonIds: details.leadPersonIds };
      const canManage = canManageActivity(principal, record);
      const roster = canManage
        ? await llmeRoster(db, details.activity.hubId, details.activity.yearCode)
        : null;
      return reply.render('modules/activities/views/activity.njk', {
        pageTitle: details.activity.title,
        d: details,
        kindName: activityKindNames[details.activity.kind],
        statusName: activityStatusNames[details.activity.status],
        ncpTypeName: ncpTypeNames[details.ncp.type],
        canManage,
        canAdd: canManage && isOpenActivity(details.activity.status),
        canTakeRegister: canTakeRegister(principal, record) && details.activity.status !== 'cancelled',
        accreditationNames: accreditationKindNames,
        sessionKindNames,
        llmeItems: [
          { value: '', text: 'Choose an LLME' },
          ...(roster?.entries ?? [])
            .filter((e) => !details.leadPersonIds.includes(e.personId))
            .map((e) => ({
              value: String(e.personId),
              text: `${e.name}${e.titles.length ? ` (${e.titles.join(', ')})` : ''}`,
            })),
        ],
        sessionKindItems: sessionKinds.map((k) => ({ value: k, text: sessionKindNames[k] })),
        listHref: withQuery(paths.myHub.activities, {
          hub: details.hub.slug,
          year: yearParam(details.activity.yearCode),
        }),
      });
    },
  );

  // Change an activity's title, dates and status.
  /** The edit page: the activity's values, or (after a stale save, status 409) the person's input and both versions. */
  const editActivityPage = async (
    reply: FastifyReply,
    principal: Principal,
    id: number,
    stale?: { yours: Record<string, string> },
  ) => {
    const { activity, hub } = await activityFor(db, principal, id, 'manage');
    const record = activityFormValues(activity);
    return reply.code(stale ? 409 : 200).render('modules/activities/views/edit-activity.njk', {
      pageTitle: stale ? `Someone else changed ${activity.title}` : `Change ${activity.title}`,
      activity,
      hub,
      record: stale ? stale.yours : record,
      version: activity.version,
      staleEdit: stale && {
        noun: 'activity',
        rows: staleEditRows(activityComparedFields, record, stale.yours),
        latestHref: paths.activity.edit(id),
      },
      statusItems: statusChoices(activity.status).map((s) => ({ value: s, text: activityStatusNames[s] })),
    });
  };

  typed.get(
    paths.activity.edit(),
    { config: { access: canPlanActivities }, schema: { params: activityParams } },
    async (request, reply) => editActivityPage(reply, requirePrincipal(request), request.params.id),
  );

  /**
   * A form about an activity, posted by someone who may manage it: the activity is authorised before the
   * form is read (another hub's activity is not found), wrong input goes back to the form (`formUrl`)
   * with its errors, and `change` returns the message to show on the activity's page afterwards.
   */
  const activityForm = (
    url: string,
    formUrl: (id: number) => string,
    change: (principal: Principal, id: number, body: Record<string, unknown>) => Promise<Flash>,
    /** The page to show when the form was made from an older version of the activity (StaleEditError). */
    stale?: (
      reply: FastifyReply,
      principal: Principal,
      id: number,
      body: Record<string, unknown>,
    ) => Promise<FastifyReply>,
  ) =>
    typed.post(
      url,
      { config: { access: canPlanActivities }, schema: { params: activityParams } },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { id } = request.params;
        await activityFor(db, principal, id, 'manage');
        const body = (request.body ?? {}) as Record<string, unknown>;
        try {
          return await handleForm(reply, formUrl(id), body, async () => {
            reply.flash(await change(principal, id, body));
            return reply.code(303).redirect(paths.activity.show(id));
          });
        } catch (error) {
          if (stale && error instanceof StaleEditError) return stale(reply, principal, id, body);
          throw error;
        }
      },
    );

  activityForm(
    paths.activity.edit(),
    (id) => paths.activity.edit(id),
    async (principal, id, body) => {
      const version = versionFrom(body);
      const dates = datesOf(body);
      const parsed = updateActivityForm.safeParse(body);
      const problems = [...(parsed.success ? [] : fieldErrorsFrom(parsed.error)), ...dates.problems];
      if (problems.length || !parsed.success) throw new ValidationError(firstPerField(problems));
      const { changed } = await db.transaction((tx) =>
        updateActivity(tx, principal, id, {
          ...parsed.data,
          startsOn: dates.startsOn!,
          endsOn: dates.endsOn!,
          version,
        }),
      );
      return changed
        ? { kind: 'success', text: `${parsed.data.title} has been updated` }
        : { kind: 'info', text: 'You did not change anything' };
    },
    (reply, principal, id, body) => editActivityPage(reply, principal, id, { yours: postedValues(body) }),
  );

  activityForm(
    paths.activity.leads(),
    (id) => `${paths.activity.show(id)}#leads`,
    async (principal, id, body) => {
      const input = parseForm(addLeadForm, body);
      const { name } = await db.transaction((tx) =>
        addActivityLead(tx, principal, id, { personId: input.personId, title: input.leadTitle }),
      );
      return { kind: 'success', text: `${name} now leads this activity` };
    },
  );

  activityForm(
    paths.activity.schools(),
    (id) => `${paths.activity.show(id)}#schools`,
    async (principal, id, body) => {
      const input = parseForm(schoolForm, body);
      const result = await db.transaction((tx) =>
        input.action === 'withdraw'
          ? withdrawActivitySchool(tx, principal, id, input.urn)
          : addActivitySchool(tx, principal, id, input.urn),
      );
      const done =
        input.action === 'withdraw'
          ? `${result.schoolName} has been withdrawn`
          : `${result.schoolName} has been added`;
      return result.warning
        ? { kind: 'info', text: `${done}. ${result.warning}` }
        : { kind: 'success', text: done };
    },
  );

  activityForm(
    paths.activity.participants(),
    (id) => `${paths.activity.show(id)}#participants`,
    async (principal, id, body) => {
      const input = parseForm(participantForm, body);
      const { name } = await db.transaction((tx) =>
        withdrawParticipant(tx, principal, id, input.enrolmentId),
      );
      return { kind: 'success', text: `${name} has been withdrawn from this activity` };
    },
  );

  activityForm(
    paths.activity.sessions(),
    (id) => `${paths.activity.show(id)}#sessions`,
    async (principal, id, body) => {
      const parsed = sessionForm.safeParse(body);
      const date = dateFromParts(body, 'sessionDate', 'date');
      const problems = [
        ...(parsed.success ? [] : fieldErrorsFrom(parsed.error)),
        ...('problem' in date ? [{ field: 'sessionDate', message: date.problem }] : []),
      ];
      if (problems.length || !parsed.success || !('value' in date)) {
        throw new ValidationError(firstPerField(problems));
      }
      await db.transaction((tx) =>
        addSession(tx, principal, id, {
          kind: parsed.data.sessionKind,
          title: parsed.data.sessionTitle,
          date: date.value,
          time: parsed.data.sessionTime,
          location: parsed.data.sessionLocation,
        }),
      );
      return {
        kind: 'success',
        text: `${parsed.data.sessionTitle} on ${formatDate(date.value)} has been added`,
      };
    },
  );

  // A session's register.
  typed.get(
    paths.activity.register(),
    { config: { access: canOpenActivities }, schema: { params: registerParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, sessionId } = request.params;
      // Kept under the versions of the activity's hub's records and the national ones: who may see it
      // (its hub, its leads) is among them, and the person is part of the key.
      return reply.renderCached(await dataVersionsOf(db, { activityId: id }), async () => {
        const register = await getRegister(db, principal, id, sessionId);
        return [
          'modules/activities/views/register.njk',
          {
            pageTitle: `Register: ${register.session.title}, ${formatDateTime(register.session.startsAt)}`,
            register,
            activity: register.loaded.activity,
            sessionKindName: sessionKindNames[register.session.kind],
            statusItems: attendanceStatuses.map((s) => ({ value: s, text: attendanceNames[s] })),
            statusField,
            joinedViaField,
            taken: register.rows.some((r) => r.status !== null),
            locked: register.loaded.activity.status === 'cancelled',
          },
        ];
      });
    },
  );

  typed.post(
    paths.activity.register(),
    { config: { access: canOpenActivities }, schema: { params: registerParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, sessionId } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(reply, paths.activity.register(id, sessionId), body, async () => {
        const result = await db.transaction(async (tx) => {
          const { rows } = await getRegister(tx, principal, id, sessionId);
          const entries = registerEntriesFrom(
            body,
            rows.map((r) => r.enrolmentId),
          );
          return markRegister(tx, principal, id, sessionId, entries);
        });
        reply.flash(
          result.changed
            ? {
                kind: 'success',
                text: `The register has been saved: ${result.present} of ${result.marked} present`,
              }
            : { kind: 'info', text: 'The register has not changed' },
        );
        return reply.code(303).redirect(paths.activity.show(id));
      });
    },
  );

  // An LLME's own activities.
  typed.get(paths.my.activities, { config: { access: canSeeMyActivities } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const mine = await listMyActivities(db, principal);
    return reply.render('modules/activities/views/my-activities.njk', {
      pageTitle: 'My activities',
      ...mine,
      kindNames: activityKindNames,
      statusNames: activityStatusNames,
      sessionKindNames,
    });
  });

  // A hub's LLME community.
  typed.get(
    paths.myHub.llmes,
    { config: { access: canViewHubActivities }, schema: { querystring: rosterQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const choice = await chooseHub(db, principal, q.hub);
      const yearCode = yearFromParam(q.year) ?? currentAcademicYear();
      const roster = choice.hub ? await llmeRoster(db, choice.hub.id, yearCode) : null;
      const accreditationText = (list: { kind: string; cohort: string | null }[]) =>
        list
          .map(
            (a) =>
              `${accreditationKindNames[a.kind as AccreditationKind] ?? a.kind}${a.cohort ? ` (cohort ${a.cohort})` : ''}`,
          )
          .join('; ');
      if (q.format !== 'html' && choice.hub && roster) {
        return sendTable(reply, q.format as ExportFormat, `llmes-${choice.hub.slug}-${yearParam(yearCode)}`, {
          name: `LLMEs ${yearCode}`,
          columns: [
            { header: 'Name', value: (e) => e.name },
            { header: 'Email', value: (e) => e.email },
            { header: 'Roles', value: (e) => e.titles.join('; ') },
            { header: 'Accreditations', value: (e) => accreditationText(e.accreditations) },
            { header: `Activities led in ${yearCode}`, value: (e) => e.activeActivities },
            { header: 'Active', value: (e) => (e.active ? 'Yes' : 'No') },
          ],
          rows: roster.entries,
        });
      }
      const linkQuery = { hub: q.hub, year: yearParam(yearCode) };
      return reply.render('modules/activities/views/llmes.njk', {
        pageTitle: choice.hub ? `LLMEs of ${choice.hub.name}` : 'LLME community',
        choice,
        yearCode,
        yearParam: yearParam(yearCode),
        years: (await yearOptions(db)).map((y) => ({ value: yearParam(y), text: y })),
        hubItems: hubItems(choice),
        roster,
        entries: roster?.entries.map((e) => ({
          ...e,
          accreditationText: accreditationText(e.accreditations),
        })),
        csvHref: withQuery(paths.myHub.llmes, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.myHub.llmes, { ...linkQuery, format: 'xlsx' }),
      });
    },
  );

  registerActivityApiRoutes(app, services);
}

/** The first problem of each field. */
function firstPerField(problems: { field: string; message: string }[]) {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.field)) return false;
    seen.add(p.field);
    return true;
  });
}
