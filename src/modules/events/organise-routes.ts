import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { type StaleEditRow, staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { fieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hasHubScope, hubScopeOf } from '../../platform/hub-scope.ts';
import { withQuery } from '../../platform/pagination.ts';
import { hubQuery } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import {
  canReadNationally,
  isNationalAdmin,
  ncpKeyOfCode,
  ncpKeysOf,
  type Principal,
} from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { chooseHub, hubChoiceItems } from '../hubs/choose-hub.ts';
import { roleNames, roles } from '../people/roles.ts';
import { eventEditValues, hubOfEvent } from './edit-event-values.ts';
import { eventColumns } from './event-exports.ts';
import { eventComparedFields, eventParams, parseEventForm } from './forms.ts';
import { hubActivityOptions } from './hub-activity-options.ts';
import { listOrganisedEvents } from './list-organised-events.ts';
import { eventFor } from './load-event.ts';
import { kickMailQueue } from './mail-jobs.ts';
import { canCreateEvents, canManageEventsOf, canOrganiseEvents } from './policy.ts';
import { createEvent, updateEvent } from './save-event.ts';
import { eventFormatNames, eventFormats, waitingPriorities, waitingPriorityNames } from './schema.ts';

const organiseQuery = z.object({
  hub: hubQuery,
  when: z.enum(['upcoming', 'past', 'all']).catch('upcoming'),
  type: z.enum(['', ...eventFormats]).catch(''),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
});

const newEventQuery = z.object({ hub: hubQuery });

interface EventFormContext {
  hubId: number | null;
  hubName: string | null;
  action: string;
  heading: string;
  values?: Record<string, unknown>;
  backHref: string;
  hubSlug: string;
  /** The version an edit is made from (an existing event's form only). */
  version?: number;
  /** A stale save refused: both versions, field by field (platform/edit-versions.ts). */
  staleEdit?: { noun: string; rows: StaleEditRow[]; latestHref: string };
}

/** Organisers: a hub's (or the national) events, creating and changing an event. */
export function registerOrganiseRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const afterChange = () => kickMailQueue(services.queue);

  /** National workshops (no hub chosen) for national staff; hub staff their own hub. */
  async function organiserScope(principal: Principal, slug: string | undefined) {
    // An NCP's own team (without a hub scope) see the national workshops of their NCPs only.
    const ncpTeamOnly = !hasHubScope(hubScopeOf(principal)) && ncpKeysOf(principal).length > 0;
    const national = slug === 'national' || (!slug && (canReadNationally(principal) || ncpTeamOnly));
    const choice = await chooseHub(db, principal, national ? undefined : slug);
    if (national && !canReadNationally(principal) && !ncpTeamOnly)
      throw new NotFoundError('There is no such hub');
    if (!national && !choice.hub) throw new NotFoundError('There is no such hub');
    return {
      choice: national ? { ...choice, hub: null } : choice,
      hubId: national ? null : choice.hub!.id,
      national,
    };
  }

  typed.get(
    paths.events.organise,
    { config: { access: canOrganiseEvents }, schema: { querystring: organiseQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const q = request.query;
      const { choice, hubId, national } = await organiserScope(principal, q.hub);
      const listed = await listOrganisedEvents(db, hubId, { when: q.when, format: q.type });
      const ownNcps = canReadNationally(principal) ? null : ncpKeysOf(principal);
      const events =
        hubId === null && ownNcps
          ? listed.filter((e) => e.ncpCode !== null && ownNcps.includes(ncpKeyOfCode(e.ncpCode)))
          : listed;
      const name = national ? 'National workshops and webinars' : `Events of ${choice.hub!.name}`;
      if (q.format !== 'html')
        return sendTable(reply, q.format as ExportFormat, `events-${choice.hub?.slug ?? 'national'}`, {
          name,
          columns: eventColumns,
          rows: events,
        });
      const linkQuery = { hub: q.hub, when: q.when, type: q.type };
      return reply.render('modules/events/views/organise.njk', {
        pageTitle: name,
        events,
        query: q,
        hubItems: hubChoiceItems(
          choice,
          canReadNationally(principal) || ncpKeysOf(principal).length
            ? { value: 'national', text: 'National workshops and webinars' }
            : null,
        ),
        selectedHub: choice.hub?.slug ?? 'national',
        formatNames: eventFormatNames,
        csvHref: withQuery(paths.events.organise, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.events.organise, { ...linkQuery, format: 'xlsx' }),
        newHref: withQuery(paths.events.newEvent, { hub: choice.hub?.slug ?? 'national' }),
        canCreate: canManageEventsOf(principal, hubId),
      });
    },
  );

  async function eventFormPage(reply: FastifyReply, principal: Principal, context: EventFormContext) {
    const activities = context.hubId ? await hubActivityOptions(db, context.hubId) : [];
    return reply.render('modules/events/views/event-form.njk', {
      pageTitle: context.heading,
      ...context,
      formValues: context.values,
      activityItems: [{ value: '', text: 'Not a session of an activity' }, ...activities],
      targetActivityItems: [{ value: '', text: 'No activity' }, ...activities],
      roleItems: [{ value: '', text: 'No role' }, ...roles.map((r) => ({ value: r, text: roleNames[r] }))],
      formatItems: eventFormats.map((f) => ({ value: f, text: eventFormatNames[f] })),
      priorityItems: waitingPriorities.map((p) => ({ value: p, text: waitingPriorityNames[p] })),
      principalCanChooseNational: isNationalAdmin(principal),
    });
  }

  typed.get(
    paths.events.newEvent,
    { config: { access: canCreateEvents }, schema: { querystring: newEventQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { choice, hubId } = await organiserScope(principal, request.query.hub);
      if (!canManageEventsOf(principal, hubId)) throw new NotFoundError('There is no such hub');
      return eventFormPage(reply, principal, {
        hubId,
        hubName: choice.hub?.name ?? null,
        hubSlug: choice.hub?.slug ?? 'national',
        action: paths.events.newEvent,
        heading: hubId ? `New event of ${choice.hub!.name}` : 'New national workshop or webinar',
        backHref: withQuery(paths.events.organise, { hub: choice.hub?.slug ?? 'national' }),
      });
    },
  );

  typed.post(paths.events.newEvent, { config: { access: canCreateEvents } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const posted = (request.body ?? {}) as Record<string, unknown>;
    const slug = typeof posted.hub === 'string' ? posted.hub : undefined;
    const { hubId } = await organiserScope(principal, slug);
    const formUrl = withQuery(paths.events.newEvent, { hub: slug });
    return handleForm(reply, { formUrl, body: posted }, async (body) => {
      if (!canManageEventsOf(principal, hubId))
        throw new ValidationError([fieldError('hub', 'You cannot organise events for this hub')]);
      const input = parseEventForm(body, todayInEngland());
      const { id, invited } = await createEvent(db, actorOf(principal), { ...input, hubId });
      afterChange();
      return reply
        .flash({
          kind: 'success',
          text: `The event is created and ${invited} ${invited === 1 ? 'person is' : 'people are'} invited`,
        })
        .code(303)
        .redirect(paths.events.manage(id));
    });
  });

  /**
   * The event's edit page: its values, or (after a stale save, status 409) the person's input, made
   * from the latest version, with what someone else saved beside it.
   */
  async function editEventPage(
    reply: FastifyReply,
    principal: Principal,
    id: number,
    stale?: { yours: Record<string, string> },
  ) {
    const { event } = await eventFor(db, principal, id, 'manage');
    const hub = await hubOfEvent(db, event);
    const theirs = await eventEditValues(db, event);
    const activityNames = new Map(
      (event.hubId ? await hubActivityOptions(db, event.hubId) : []).map((o) => [o.value, o.text]),
    );
    return eventFormPage(reply.code(stale ? 409 : 200), principal, {
      hubId: event.hubId,
      hubName: hub?.name ?? null,
      hubSlug: hub?.slug ?? 'national',
      action: paths.events.edit(event.id),
      heading: stale ? `Someone else changed ${event.title}` : `Change ${event.title}`,
      backHref: paths.events.manage(event.id),
      values: stale ? stale.yours : theirs,
      version: event.version,
      staleEdit: stale && {
        noun: 'event',
        rows: staleEditRows(eventComparedFields(activityNames), theirs, stale.yours),
        latestHref: paths.events.edit(event.id),
      },
    });
  }

  typed.get(
    paths.events.edit(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => editEventPage(reply, requirePrincipal(request), request.params.id),
  );

  typed.post(
    paths.events.edit(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const eventId = request.params.id;
      await eventFor(db, principal, eventId, 'manage');
      const posted = (request.body ?? {}) as Record<string, unknown>;
      return await handleForm(
        reply,
        {
          formUrl: paths.events.edit(eventId),
          body: posted,
          onStale: (yours) => editEventPage(reply, principal, eventId, { yours }),
        },
        async (body) => {
          const version = versionFrom(body);
          const input = parseEventForm(body, todayInEngland());
          await updateEvent(db, actorOf(principal), { ...input, eventId, version });
          afterChange();
          return reply
            .flash({ kind: 'success', text: 'The event is changed' })
            .code(303)
            .redirect(paths.events.manage(eventId));
        },
      );
    },
  );
}
