import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { formatDate, todayInEngland } from '../../platform/dates.ts';
import {
  postedValues,
  StaleEditError,
  type StaleEditRow,
  staleEditRows,
  versionFrom,
} from '../../platform/edit-versions.ts';
import { ConflictError, ImportRejectedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type ExportFormat, sendTable } from '../../platform/exports.ts';
import { fieldError, formState } from '../../platform/form-errors.ts';
import { errorsByField, requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { hubQuery, idParam, tokenParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { canReadNationally, isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import { dateFromParts } from '../activities/forms.ts';
import { chooseHub } from '../hubs/choose-hub.ts';
import { matchEmail } from '../people/find-by-email.ts';
import { emailsOf } from '../people/get-person.ts';
import { peopleScope } from '../people/policy.ts';
import { roleNames, roles } from '../people/roles.ts';
import { registerEventApiRoutes } from './api-routes.ts';
import { addBankHoliday, listBankHolidays } from './bank-holidays.ts';
import {
  activeFeed,
  calendarEventOf,
  createFeed,
  feedEvents,
  feedOwner,
  revokeFeed,
} from './calendar-feed.ts';
import { eventColumns, listColumns, placeLists } from './event-exports.ts';
import { addComment, addDocument, listComments, listDocuments } from './event-extras.ts';
import { listPlaces } from './event-lists.ts';
import {
  addPersonForm,
  bankHolidayForm,
  commentForm,
  documentForm,
  eventComparedFields,
  parseEventForm,
  parseWith,
  requirementsForm,
} from './forms.ts';
import { hubActivityOptions } from './hub-activity-options.ts';
import { calendar } from './ics.ts';
import { invitePersonToEvent } from './invite-person.ts';
import { listMyEvents, myEventTabs } from './list-my-events.ts';
import { listOrganisedEvents } from './list-organised-events.ts';
import { eventFor } from './load-event.ts';
import { kickMailQueue } from './mail-jobs.ts';
import { mailPreference, setMailPreference } from './mail-preferences.ts';
import { attendanceField, importAttendance, joinedViaField, markAttendance } from './mark-attendance.ts';
import { cancelPlace, confirmationClosedReason, requestPlace } from './places.ts';
import {
  canCreateEvents,
  canEditBankHolidays,
  canManageEvent,
  canManageEventsOf,
  canOrganiseEvents,
} from './policy.ts';
import { cancelEvent, createEvent, updateEvent } from './save-event.ts';
import { saveRequirements } from './save-requirements.ts';
import {
  eventFormatNames,
  eventFormats,
  placeStatusNames,
  waitingPriorities,
  waitingPriorityNames,
} from './schema.ts';

const eventParams = z.object({ id: idParam });
const keep = (body: unknown) =>
  Object.keys((body ?? {}) as Record<string, unknown>).filter((k) => k !== '_csrf');
const ordinalWorkingDays = { online: '2nd', face_to_face: '10th' } as const;

/** Runs a form's change; wrong input goes back to the form with its errors and the input kept. */
async function handleForm(
  reply: FastifyReply,
  formUrl: string,
  body: unknown,
  change: () => Promise<FastifyReply>,
  conflictField = 'form',
): Promise<FastifyReply> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof ValidationError)
      return reply.formErrors(formUrl, formState(error.errors, body, keep(body)));
    if (error instanceof ConflictError && !(error instanceof StaleEditError)) {
      return reply.formErrors(
        formUrl,
        formState([fieldError(conflictField, error.message)], body, keep(body)),
      );
    }
    throw error;
  }
}

const timeOf = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);

/** The values of the event form for an existing event. */
function formValuesOf(
  event: Awaited<ReturnType<typeof eventFor>>['event'],
  targets: {
    kind: string;
    personEmail: string | null;
    role: string | null;
    activityId: number | null;
    ncpCode: string | null;
  }[],
  ncpCode: string | null,
) {
  const day = todayInEngland(event.startsAt);
  const [y, m, d] = day.split('-');
  return {
    title: event.title,
    description: event.description ?? '',
    activityId: event.activityId ? String(event.activityId) : '',
    ncpCode: ncpCode ?? '',
    format: event.format,
    venue: event.venue ?? '',
    platform: event.platform ?? '',
    connectUrl: event.connectUrl ?? '',
    'day-day': String(Number(d)),
    'day-month': String(Number(m)),
    'day-year': y,
    startTime: timeOf(event.startsAt),
    endTime: timeOf(event.endsAt),
    capacity: String(event.capacity),
    waitingPriority: event.waitingPriority,
    contactName: event.contactName ?? '',
    contactEmail: event.contactEmail ?? '',
    inviteEmails: targets
      .filter((t) => t.kind === 'person')
      .map((t) => t.personEmail)
      .join('\n'),
    targetRole: targets.find((t) => t.kind === 'role')?.role ?? '',
    targetActivityId: String(targets.find((t) => t.kind === 'activity')?.activityId ?? ''),
    targetNcpCode: targets.find((t) => t.kind === 'ncp_leads')?.ncpCode ?? '',
  };
}

export function registerEventRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const baseUrl = services.config.PUBLIC_URL;
  const afterChange = () => kickMailQueue(services.queue);

  // ---- People's events -------------------------------------------------------------------------

  typed.get(
    paths.events.mine,
    {
      config: { access: 'signed-in' },
      schema: { querystring: z.object({ tab: z.enum(myEventTabs).catch('eligible') }) },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const tab = request.query.tab;
      const events = await listMyEvents(db, principal.personId, tab);
      return reply.render('modules/events/views/my-events.njk', {
        pageTitle: 'Events',
        tab,
        tabs: myEventTabs.map((t) => ({
          id: t,
          href: withQuery(paths.events.mine, { tab: t }),
          text: { eligible: 'Eligible', upcoming: 'Upcoming', past: 'Past' }[t],
        })),
        events: events.map((e) => ({
          ...e,
          closedReason: confirmationClosedReason({ ...e, startsAt: e.startsAt } as never),
        })),
        formatNames: eventFormatNames,
        placeStatusNames,
        canOrganise: canOrganiseEvents(principal),
      });
    },
  );

  const eventTabs = ['details', 'documents', 'comments', 'contact'] as const;
  typed.get(
    paths.events.show(),
    {
      config: { access: 'signed-in' },
      schema: { params: eventParams, querystring: z.object({ tab: z.enum(eventTabs).catch('details') }) },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event, place, eligible } = await eventFor(db, principal, request.params.id, 'attend');
      const confirmed = !!place && ['confirmed', 'attended', 'absent'].includes(place.status);
      const organiser = canManageEvent(principal, event);
      const tab = confirmed || organiser ? request.query.tab : 'details';
      return reply.render('modules/events/views/event.njk', {
        pageTitle: event.title,
        event,
        place,
        eligible,
        confirmed,
        organiser,
        tab,
        tabs: eventTabs.map((t) => ({
          id: t,
          href: withQuery(paths.events.show(event.id), { tab: t === 'details' ? undefined : t }),
          text: t[0]!.toUpperCase() + t.slice(1),
        })),
        closedReason: confirmationClosedReason(event),
        ordinal: ordinalWorkingDays[event.format],
        formatName: eventFormatNames[event.format],
        placeStatusName: place ? placeStatusNames[place.status] : null,
        connectHref:
          confirmed && event.format === 'online' && event.status === 'scheduled'
            ? paths.events.connect(place!.connectToken)
            : null,
        documents: confirmed || organiser ? await listDocuments(db, event.id) : [],
        comments: (confirmed || organiser) && tab === 'comments' ? await listComments(db, event.id) : [],
        placesLeft: Math.max(0, event.capacity - event.confirmedCount),
        startTime: timeOf(event.startsAt),
        endTime: timeOf(event.endsAt),
        requirementValues: place
          ? {
              dietary: place.dietary ?? '',
              access: place.access ?? '',
              otherRequirements: place.otherRequirements ?? '',
            }
          : {},
      });
    },
  );

  typed.post(
    paths.events.confirm(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      return handleForm(
        reply,
        url,
        request.body,
        async () => {
          const outcome = await db.transaction((tx) =>
            requestPlace(tx, actorOf(principal), {
              eventId: request.params.id,
              personId: principal.personId,
            }),
          );
          afterChange();
          return reply
            .flash({
              kind: 'success',
              text:
                outcome.status === 'confirmed'
                  ? 'Your place is confirmed'
                  : 'The event is full: you are on the waiting list',
            })
            .code(303)
            .redirect(url);
        },
        'attendance',
      );
    },
  );

  typed.post(
    paths.events.cancelPlace(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      await eventFor(db, principal, request.params.id, 'attend');
      return handleForm(
        reply,
        url,
        request.body,
        async () => {
          await db.transaction((tx) =>
            cancelPlace(tx, actorOf(principal), { eventId: request.params.id, personId: principal.personId }),
          );
          afterChange();
          return reply.flash({ kind: 'success', text: 'Your place is cancelled' }).code(303).redirect(url);
        },
        'attendance',
      );
    },
  );

  typed.post(
    paths.events.requirements(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      return handleForm(
        reply,
        `${url}#requirements`,
        request.body,
        async () => {
          const input = parseWith(requirementsForm, request.body);
          await db.transaction((tx) =>
            saveRequirements(tx, principal, request.params.id, {
              dietary: input.dietary ?? null,
              access: input.access ?? null,
              otherRequirements: input.otherRequirements ?? null,
            }),
          );
          return reply
            .flash({ kind: 'success', text: 'Your requirements are saved' })
            .code(303)
            .redirect(url);
        },
        'requirements',
      );
    },
  );

  typed.post(
    paths.events.comments(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = withQuery(paths.events.show(request.params.id), { tab: 'comments' });
      await eventFor(db, principal, request.params.id, 'attend');
      return handleForm(reply, url, request.body, async () => {
        const { body } = parseWith(commentForm, request.body);
        await db.transaction((tx) => addComment(tx, principal, request.params.id, body));
        return reply.flash({ kind: 'success', text: 'Your comment is posted' }).code(303).redirect(url);
      });
    },
  );

  // The personal Connect link: only for a confirmed place at an online event that is going ahead.
  typed.get(
    paths.events.connect(),
    { config: { access: 'signed-in' }, schema: { params: z.object({ token: tokenParam }) } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const found = await db.query.eventPlaces.findFirst({
        where: (p, { eq }) => eq(p.connectToken, request.params.token),
      });
      if (!found || found.personId !== principal.personId)
        throw new NotFoundError('This link is not yours: use the link on your own event page');
      const { event, place } = await eventFor(db, principal, found.eventId, 'attend');
      if (
        place?.status !== 'confirmed' ||
        event.format !== 'online' ||
        !event.connectUrl ||
        event.status !== 'scheduled'
      ) {
        throw new ConflictError('The connection link is available once your place is confirmed');
      }
      return reply.redirect(event.connectUrl);
    },
  );

  typed.get(
    paths.events.ics(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event, place } = await eventFor(db, principal, request.params.id, 'attend');
      return reply
        .header('content-disposition', `attachment; filename="event-${event.id}.ics"`)
        .type('text/calendar; charset=utf-8')
        .send(
          calendar(event.title, [
            calendarEventOf(event, `${baseUrl}${paths.events.show(event.id)}`, place?.status === 'cancelled'),
          ]),
        );
    },
  );

  typed.get(paths.events.calendarFeed, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/events/views/calendar-feed.njk', {
      pageTitle: 'Your calendar feed',
      feed: await activeFeed(db, principal.personId),
    });
  });

  typed.post(paths.events.calendarFeed, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const token = await db.transaction((tx) => createFeed(tx, principal));
    return reply.render('modules/events/views/calendar-feed.njk', {
      pageTitle: 'Your calendar feed',
      feed: await activeFeed(db, principal.personId),
      newFeedUrl: `${baseUrl || `${request.protocol}://${request.host}`}${paths.events.feed(token)}`,
    });
  });

  typed.post(paths.events.calendarFeedRevoke, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    await db.transaction((tx) => revokeFeed(tx, principal));
    return reply
      .flash({ kind: 'success', text: 'Your calendar feed address no longer works' })
      .code(303)
      .redirect(paths.events.calendarFeed);
  });

  // The feed itself: public, found by its secret; a revoked or unknown address is "not found".
  typed.get(
    paths.events.feed(),
    { config: { access: 'public' }, schema: { params: z.object({ token: tokenParam }) } },
    async (request, reply) => {
      const personId = await feedOwner(db, request.params.token);
      if (!personId) throw new NotFoundError('There is no such calendar');
      const entries = await feedEvents(db, personId);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(
          calendar(
            'Maths Hubs events',
            entries.map((e) =>
              calendarEventOf(e.event, `${baseUrl}${paths.events.show(e.event.id)}`, e.placeCancelled),
            ),
          ),
        );
    },
  );

  typed.get(paths.events.emailPreferences, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/events/views/email-preferences.njk', {
      pageTitle: 'Event emails',
      dailyDigest: await mailPreference(db, principal.personId),
    });
  });

  typed.post(paths.events.emailPreferences, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const choice = (request.body as Record<string, unknown> | undefined)?.delivery;
    if (choice !== 'single' && choice !== 'digest') {
      return reply.formErrors(
        paths.events.emailPreferences,
        formState([fieldError('delivery', 'Choose how to get event emails')], {}, []),
      );
    }
    await db.transaction((tx) => setMailPreference(tx, principal, choice === 'digest'));
    return reply
      .flash({ kind: 'success', text: 'Your choice is saved' })
      .code(303)
      .redirect(paths.events.emailPreferences);
  });

  // ---- Organisers ------------------------------------------------------------------------------

  const organiseQuery = z.object({
    hub: hubQuery,
    when: z.enum(['upcoming', 'past', 'all']).catch('upcoming'),
    type: z.enum(['', ...eventFormats]).catch(''),
    format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
  });

  /** National workshops (no hub chosen) for national staff; hub staff their own hub. */
  async function organiserScope(principal: ReturnType<typeof requirePrincipal>, slug: string | undefined) {
    const national = slug === 'national' || (!slug && canReadNationally(principal));
    const choice = await chooseHub(db, principal, national ? undefined : slug);
    if (national && !canReadNationally(principal)) throw new NotFoundError('There is no such hub');
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
      const events = await listOrganisedEvents(db, hubId, { when: q.when, format: q.type });
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
        hubItems: [
          ...(canReadNationally(principal)
            ? [{ value: 'national', text: 'National workshops and webinars' }]
            : []),
          ...choice.options.map((h) => ({ value: h.slug, text: h.name })),
        ],
        selectedHub: choice.hub?.slug ?? 'national',
        formatNames: eventFormatNames,
        csvHref: withQuery(paths.events.organise, { ...linkQuery, format: 'csv' }),
        xlsxHref: withQuery(paths.events.organise, { ...linkQuery, format: 'xlsx' }),
        newHref: withQuery(paths.events.newEvent, { hub: choice.hub?.slug ?? 'national' }),
        canCreate: canManageEventsOf(principal, hubId),
      });
    },
  );

  const newEventQuery = z.object({ hub: hubQuery });

  async function eventFormPage(
    reply: FastifyReply,
    principal: ReturnType<typeof requirePrincipal>,
    context: {
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
    },
  ) {
    return reply.render('modules/events/views/event-form.njk', {
      pageTitle: context.heading,
      ...context,
      formValues: context.values,
      activityItems: [
        { value: '', text: 'Not a session of an activity' },
        ...(context.hubId ? await hubActivityOptions(db, context.hubId) : []),
      ],
      targetActivityItems: [
        { value: '', text: 'No activity' },
        ...(context.hubId ? await hubActivityOptions(db, context.hubId) : []),
      ],
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
    const body = (request.body ?? {}) as Record<string, unknown>;
    const slug = typeof body.hub === 'string' ? body.hub : undefined;
    const { hubId } = await organiserScope(principal, slug);
    const formUrl = withQuery(paths.events.newEvent, { hub: slug });
    return handleForm(reply, formUrl, body, async () => {
      const input = parseEventForm(body, todayInEngland());
      const { id, invited } = await db.transaction((tx) => createEvent(tx, principal, { ...input, hubId }));
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

  const manageQuery = z.object({
    list: z.enum(['confirmations', 'waiting', 'requirements', 'attendance']).optional().catch(undefined),
    format: z.enum(['html', 'csv', 'xlsx']).catch('html'),
  });

  typed.get(
    paths.events.manage(),
    { config: { access: canOrganiseEvents }, schema: { params: eventParams, querystring: manageQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'lists');
      const places = await listPlaces(db, event.id);
      const lists = placeLists(places);
      if (request.query.list && request.query.format !== 'html') {
        const list = request.query.list;
        return sendTable(reply, request.query.format as ExportFormat, `event-${event.id}-${list}`, {
          name: `${list[0]!.toUpperCase()}${list.slice(1)}`,
          columns: listColumns[list],
          rows: lists[list],
        });
      }
      const seated = places.filter((p) => ['confirmed', 'attended', 'absent'].includes(p.status));
      return reply.render('modules/events/views/manage.njk', {
        pageTitle: event.title,
        event,
        lists,
        seated,
        canManage: canManageEvent(principal, event),
        started: event.startsAt.getTime() <= Date.now(),
        formatName: eventFormatNames[event.format],
        placeStatusNames,
        exportHref: (list: string, format: string) =>
          withQuery(paths.events.manage(event.id), { list, format }),
        attendanceField,
        joinedViaField,
        startTime: timeOf(event.startsAt),
        endTime: timeOf(event.endsAt),
        documents: await listDocuments(db, event.id),
        backHref: withQuery(paths.events.organise, { hub: event.hubId ? undefined : 'national' }),
      });
    },
  );

  /** The edit form's values for an event as it is now. */
  async function eventEditValues(event: Awaited<ReturnType<typeof eventFor>>['event']) {
    const targets = await db.query.eventTargets.findMany({ where: (t, { eq }) => eq(t.eventId, event.id) });
    const emails = await emailsOf(db, [0, ...targets.map((t) => t.personId ?? 0)]);
    const ncpCodes = new Map(
      (
        await db.query.ncps.findMany({
          columns: { id: true, code: true },
          where: (n, { inArray }) =>
            inArray(n.id, [0, event.ncpId ?? 0, ...targets.map((t) => t.ncpId ?? 0)]),
        })
      ).map((n) => [n.id, n.code]),
    );
    return formValuesOf(
      event,
      targets.map((t) => ({
        kind: t.kind,
        personEmail: t.personId ? (emails.get(t.personId) ?? null) : t.email,
        role: t.role,
        activityId: t.activityId,
        ncpCode: t.ncpId ? (ncpCodes.get(t.ncpId) ?? null) : null,
      })),
      event.ncpId ? (ncpCodes.get(event.ncpId) ?? null) : null,
    );
  }

  /**
   * The event's edit page: its values, or (after a stale save, status 409) the person's input, made
   * from the latest version, with what someone else saved beside it.
   */
  async function editEventPage(
    reply: FastifyReply,
    principal: ReturnType<typeof requirePrincipal>,
    id: number,
    stale?: { yours: Record<string, string> },
  ) {
    const { event } = await eventFor(db, principal, id, 'manage');
    const hub = event.hubId
      ? await db.query.hubs.findFirst({ where: (h, { eq }) => eq(h.id, event.hubId!) })
      : null;
    const theirs = await eventEditValues(event);
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
      const url = paths.events.edit(request.params.id);
      await eventFor(db, principal, request.params.id, 'manage');
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        return await handleForm(reply, url, body, async () => {
          const version = versionFrom(body);
          const input = parseEventForm(body, todayInEngland());
          await db.transaction((tx) => updateEvent(tx, principal, request.params.id, input, version));
          afterChange();
          return reply
            .flash({ kind: 'success', text: 'The event is changed' })
            .code(303)
            .redirect(paths.events.manage(request.params.id));
        });
      } catch (error) {
        if (!(error instanceof StaleEditError)) throw error;
        return editEventPage(reply, principal, request.params.id, { yours: postedValues(body) });
      }
    },
  );

  typed.post(
    paths.events.cancel(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const reason =
        String((request.body as Record<string, unknown> | undefined)?.reason ?? '')
          .trim()
          .slice(0, 500) || null;
      await db.transaction((tx) => cancelEvent(tx, principal, request.params.id, reason));
      afterChange();
      return reply
        .flash({ kind: 'success', text: 'The event is cancelled and everyone with a place is told' })
        .code(303)
        .redirect(paths.events.manage(request.params.id));
    },
  );

  typed.post(
    paths.events.addPerson(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      return handleForm(
        reply,
        `${url}#add-person`,
        request.body,
        async () => {
          const { email } = parseWith(addPersonForm, request.body);
          // Only someone the organiser's hub may see gets a place; anyone else with the email is invited,
          // and the organiser is told the same whether or not the email is anyone's.
          // (A closed event refuses everyone alike, before the email is looked up.)
          if (event.status === 'cancelled') throw new ConflictError('The event has been cancelled.');
          if (event.endsAt.getTime() <= Date.now()) throw new ConflictError('The event has ended.');
          const match = await matchEmail(db, peopleScope(principal), email);
          if (match.kind !== 'visible') {
            if (match.kind === 'elsewhere') {
              await db.transaction((tx) =>
                invitePersonToEvent(tx, actorOf(principal), event, match.person.id),
              );
              afterChange();
            }
            const text = `No one in your hub has the email address ${email}. If they have an account with another hub, we have emailed them an invitation to this event`;
            return reply.flash({ kind: 'info', text }).code(303).redirect(url);
          }
          const person = match.person;
          const outcome = await db.transaction((tx) =>
            requestPlace(tx, actorOf(principal), {
              eventId: request.params.id,
              personId: person.id,
              byOrganiser: true,
            }),
          );
          afterChange();
          return reply
            .flash({
              kind: 'success',
              text: `${person.givenName} ${person.familyName}: ${placeStatusNames[outcome.status].toLowerCase()}`,
            })
            .code(303)
            .redirect(url);
        },
        'email',
      );
    },
  );

  typed.post(
    paths.events.attendance(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(
        reply,
        `${url}#attendance`,
        body,
        async () => {
          const entries = Object.keys(body)
            .map((k) => /^attendance-(\d+)$/.exec(k)?.[1])
            .filter((id): id is string => !!id)
            .map((id) => {
              const via = body[joinedViaField(Number(id))];
              const status = body[attendanceField(Number(id))];
              return {
                placeId: Number(id),
                status: status === 'absent' ? ('absent' as const) : ('attended' as const),
                joinedViaPlaceId: typeof via === 'string' && /^\d+$/.test(via) ? Number(via) : null,
                marked: status === 'attended' || status === 'absent',
              };
            })
            .filter((e) => e.marked);
          const { changed } = await db.transaction((tx) =>
            markAttendance(tx, principal, request.params.id, entries),
          );
          return reply
            .flash({ kind: 'success', text: `Attendance saved (${changed} changed)` })
            .code(303)
            .redirect(url);
        },
        'attendance',
      );
    },
  );

  typed.post(
    paths.events.attendanceImport(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      const { file } = await readUpload(request, (v): v is 'attendance' => v === 'attendance');
      const page = (extra: Record<string, unknown>) =>
        reply.code(422).render('modules/events/views/attendance-import.njk', {
          pageTitle: `Attendance report for ${event.title}`,
          event,
          ...extra,
        });
      if (!file) {
        const errors = [fieldError('file', 'Select the attendance report (a CSV file)')];
        return page({ errors, fieldErrors: errorsByField(errors) });
      }
      try {
        const result = await db.transaction((tx) =>
          importAttendance(tx, principal, event.id, file.bytes.toString('utf8')),
        );
        return reply
          .flash({
            kind: 'success',
            text: `${result.attended} ${result.attended === 1 ? 'person' : 'people'} marked as attended from ${file.fileName}`,
          })
          .code(303)
          .redirect(paths.events.manage(event.id));
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        const count = error.problems.length;
        return page({
          errors: [
            fieldError(
              'problems',
              `${file.fileName} was not imported: it has ${count === 1 ? 'a problem' : `${count} problems`}. Nothing was changed.`,
            ),
          ],
          rejected: { fileName: file.fileName, problems: error.problems.slice(0, 1000), total: count },
        });
      }
    },
  );

  typed.post(
    paths.events.documents(),
    { config: { access: canCreateEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.manage(request.params.id);
      await eventFor(db, principal, request.params.id, 'manage');
      return handleForm(reply, `${url}#documents`, request.body, async () => {
        const input = parseWith(documentForm, request.body);
        await db.transaction((tx) => addDocument(tx, principal, request.params.id, input));
        return reply.flash({ kind: 'success', text: 'The document is added' }).code(303).redirect(url);
      });
    },
  );

  // ---- The bank holiday calendar -----------------------------------------------------------------

  typed.get(paths.events.bankHolidays, { config: { access: canEditBankHolidays } }, async (_request, reply) =>
    reply.render('modules/events/views/bank-holidays.njk', {
      pageTitle: 'Bank holidays',
      holidays: await listBankHolidays(db),
    }),
  );

  typed.post(
    paths.events.bankHolidays,
    { config: { access: canEditBankHolidays } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(reply, paths.events.bankHolidays, body, async () => {
        const day = dateFromParts(body, 'date', 'date');
        const problems = 'problem' in day ? [{ field: 'date', message: day.problem }] : [];
        const parsed = bankHolidayForm.safeParse(body);
        if (!parsed.success) problems.push({ field: 'title', message: parsed.error.issues[0]!.message });
        if (problems.length || 'problem' in day || !parsed.success) throw new ValidationError(problems);
        const added = await db.transaction((tx) =>
          addBankHoliday(tx, actorOf(principal), { date: day.value, title: parsed.data.title }),
        );
        return reply
          .flash({
            kind: added ? 'success' : 'info',
            text: added
              ? `${formatDate(day.value)} is added`
              : `${formatDate(day.value)} was already a bank holiday`,
          })
          .code(303)
          .redirect(paths.events.bankHolidays);
      });
    },
  );

  registerEventApiRoutes(app, services);
}
