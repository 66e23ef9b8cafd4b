import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { type ComparedField, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { handleForm, trimmedBody } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { activityFor, type LoadedActivity } from '../activities/load-activity.ts';
import { canOpenActivities } from '../activities/policy.ts';
import { changeVisit, recordVisit } from './record-visit.ts';
import { deleteVisit, setVisitActionStatus } from './visit-changes.ts';
import {
  actionFields,
  actionRowNumbers,
  BLANK_ACTION_ROWS,
  OWNER_SOMEONE_ELSE,
  readVisitForm,
  visitFormValues,
  visitYearGroups,
} from './visit-form.ts';
import {
  activityLeadsOf,
  activitySchoolsOf,
  getVisit,
  peopleNamed,
  type VisitRecord,
} from './visit-reads.ts';

const activityParams = z.object({ id: idParam });
const visitParams = z.object({ id: idParam, visitId: idParam });
const lists = ['visitorIds', 'yearGroups'];
const actionForm = z.object({
  actionId: z.coerce.number({ error: 'Choose an action' }).int().positive().max(2_147_483_647),
  status: z.enum(['done', 'open'], { error: 'Choose done or open' }),
});

type Values = Record<string, unknown>;
const listOf = (value: unknown) => [value ?? []].flat().map(String);

/**
 * Recording a visit, changing it (from the version shown: a stale save shows both versions, 409),
 * deleting it (a page that asks first) and ticking its agreed actions done: the activity's leads and
 * its hub's leadership (national administrators too); others who may see the activity are refused.
 */
export function registerVisitEditRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: canOpenActivities };
  const changer = (principal: Principal, id: number) => activityFor(db, principal, id, 'register');

  /** The form page: a new visit, or a visit's edit form (after a stale save, the person's input and 409). */
  const formPage = async (
    reply: FastifyReply,
    principal: Principal,
    loaded: LoadedActivity,
    visit: VisitRecord | null,
    stale?: Values,
  ) => {
    const activityId = loaded.activity.id;
    const [schools, leads] = await Promise.all([
      activitySchoolsOf(db, activityId),
      activityLeadsOf(db, activityId),
    ]);
    const ids = new Set([
      ...leads.map((l) => l.personId),
      principal.personId,
      ...(visit?.visitors.map((v) => v.personId) ?? []),
      ...(visit?.actions.flatMap((a) => (a.ownerPersonId ? [a.ownerPersonId] : [])) ?? []),
    ]);
    const people = (await peopleNamed(db, [...ids])).map((p) => ({
      ...p,
      name: p.personId === principal.personId ? `${p.name} (you)` : p.name,
    }));
    const record: Values = visit
      ? visitFormValues({
          ...visit,
          visitorIds: visit.visitors.map((v) => v.personId),
        })
      : { visitorIds: [String(principal.personId)], yearGroups: [] };
    const staleRows = stale ? actionRowNumbers(stale) : [];
    const rows = Math.max((visit?.actions.length ?? 0) + BLANK_ACTION_ROWS, ...staleRows);
    const nameOf = (v: Values) => {
      const urn = Number(v.schoolUrn);
      return schools.find((s) => s.urn === urn)?.name ?? String(v.schoolUrn ?? '');
    };
    const namesOf = (v: Values) =>
      listOf(v.visitorIds)
        .map((i) => people.find((p) => String(p.personId) === i)?.name ?? i)
        .join(', ');
    const compared: ComparedField[] = [
      {
        name: 'visitedOn',
        label: 'Date',
        show: (v) => ['day', 'month', 'year'].map((p) => v[`visitedOn-${p}`]).join('/'),
      },
      { name: 'schoolUrn', label: 'School', show: nameOf },
      { name: 'visitorIds', label: 'Visited by', show: namesOf },
      { name: 'yearGroups', label: 'Year groups seen', show: (v) => listOf(v.yearGroups).join(', ') },
      { name: 'classesSeen', label: 'Classes seen' },
      { name: 'focus', label: 'Focus' },
      { name: 'notes', label: 'Notes' },
    ];
    const action = visit
      ? paths.evaluation.visits.edit(activityId, visit.id)
      : paths.evaluation.visits.record(activityId);
    return reply.code(stale ? 409 : 200).render('modules/evaluation/views/visit-form.njk', {
      pageTitle: visit
        ? `Change the visit to ${visit.schoolName} on ${formatDate(visit.visitedOn)}`
        : `Record a visit: ${loaded.activity.title}`,
      activity: loaded.activity,
      visit,
      action,
      // A stale save's input as the form shows it: its lists always lists (a single tick is posted as a text).
      record: stale
        ? { ...stale, visitorIds: listOf(stale.visitorIds), yearGroups: listOf(stale.yearGroups) }
        : record,
      version: visit?.version ?? 0,
      schoolItems: [
        { value: '', text: 'Choose a school' },
        ...schools.map((s) => ({ value: String(s.urn), text: s.name })),
      ],
      people,
      ownerItems: [
        { value: '', text: 'Choose who' },
        ...people.map((p) => ({ value: String(p.personId), text: p.name })),
        { value: OWNER_SOMEONE_ELSE, text: 'Someone else (name them below)' },
      ],
      yearGroupItems: visitYearGroups,
      actionRows: Array.from({ length: rows }, (_, i) => ({ n: i + 1, ...actionFields(i + 1) })),
      staleEdit: stale &&
        visit && {
          noun: 'visit',
          rows: staleEditRows(compared, record, stale),
          latestHref: paths.evaluation.visits.edit(activityId, visit.id),
        },
    });
  };

  typed.get(
    paths.evaluation.visits.record(),
    { config: access, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      return formPage(reply, principal, await changer(principal, request.params.id), null);
    },
  );

  typed.post(
    paths.evaluation.visits.record(),
    { config: access, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = request.params;
      await changer(principal, id);
      const formUrl = paths.evaluation.visits.record(id);
      return handleForm(reply, { formUrl, body: request.body, lists }, async (input) => {
        const { visitId } = await recordVisit(db, actorOf(principal), {
          activityId: id,
          ...readVisitForm(input),
        });
        reply.flash({ kind: 'success', text: 'The visit has been recorded' });
        return reply.code(303).redirect(paths.evaluation.visits.show(id, visitId));
      });
    },
  );

  typed.get(
    paths.evaluation.visits.edit(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      const loaded = await changer(principal, id);
      return formPage(reply, principal, loaded, await getVisit(db, { activityId: id, visitId }));
    },
  );

  typed.post(
    paths.evaluation.visits.edit(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      const loaded = await changer(principal, id);
      await getVisit(db, { activityId: id, visitId });
      const formUrl = paths.evaluation.visits.edit(id, visitId);
      const onStale = async () =>
        formPage(
          reply,
          principal,
          loaded,
          await getVisit(db, { activityId: id, visitId }),
          trimmedBody(request.body),
        );
      return handleForm(reply, { formUrl, body: request.body, lists, onStale }, async (input) => {
        const version = versionFrom(input);
        const { changed } = await changeVisit(db, actorOf(principal), {
          activityId: id,
          visitId,
          version,
          ...readVisitForm(input),
        });
        reply.flash(
          changed
            ? { kind: 'success', text: 'The visit has been changed' }
            : { kind: 'info', text: 'Nothing was changed' },
        );
        return reply.code(303).redirect(paths.evaluation.visits.show(id, visitId));
      });
    },
  );

  // Deleting: a page that asks first (it changes nothing), then the change posted to the same address.
  const confirmPage = async (
    reply: FastifyReply,
    loaded: LoadedActivity,
    visit: VisitRecord,
    stale = false,
  ) =>
    reply.code(stale ? 409 : 200).render('modules/evaluation/views/visit-delete.njk', {
      pageTitle: `Delete the visit to ${visit.schoolName} on ${formatDate(visit.visitedOn)}`,
      activity: loaded.activity,
      visit,
      stale,
    });

  typed.get(
    paths.evaluation.visits.remove(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      const loaded = await changer(principal, id);
      return confirmPage(reply, loaded, await getVisit(db, { activityId: id, visitId }));
    },
  );

  typed.post(
    paths.evaluation.visits.remove(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      const loaded = await changer(principal, id);
      await getVisit(db, { activityId: id, visitId });
      const formUrl = paths.evaluation.visits.remove(id, visitId);
      const onStale = async () =>
        confirmPage(reply, loaded, await getVisit(db, { activityId: id, visitId }), true);
      return handleForm(reply, { formUrl, body: request.body, onStale }, async (input) => {
        await deleteVisit(db, actorOf(principal), { activityId: id, visitId, version: versionFrom(input) });
        reply.flash({ kind: 'success', text: 'The visit has been deleted' });
        return reply.code(303).redirect(paths.evaluation.visits.list(id));
      });
    },
  );

  typed.post(
    paths.evaluation.visits.actions(),
    { config: access, schema: { params: visitParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, visitId } = request.params;
      await changer(principal, id);
      await getVisit(db, { activityId: id, visitId });
      const formUrl = paths.evaluation.visits.show(id, visitId);
      return handleForm(reply, { formUrl, body: request.body, schema: actionForm }, async (input) => {
        const { changed } = await setVisitActionStatus(db, actorOf(principal), {
          activityId: id,
          visitId,
          ...input,
        });
        reply.flash(
          changed
            ? {
                kind: 'success',
                text: input.status === 'done' ? 'The action is done' : 'The action is open again',
              }
            : { kind: 'info', text: 'Nothing was changed' },
        );
        return reply.code(303).redirect(`${formUrl}#actions`);
      });
    },
  );
}
