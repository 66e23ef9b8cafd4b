import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { withQuery } from '../../platform/pagination.ts';
import { tokenParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { addComment, listComments, listDocuments } from './event-extras.ts';
import { eventFiles } from './event-files.ts';
import { waitingPosition } from './event-lists.ts';
import { cancelPlaceView, eventPageModel, eventTabs, isSeated } from './event-view-models.ts';
import { commentForm, eventParams, requirementsForm } from './forms.ts';
import { listMyEvents, myEventTabs } from './list-my-events.ts';
import { eventFor, placeByConnectToken } from './load-event.ts';
import { kickMailQueue } from './mail-jobs.ts';
import { mailPreference, setMailPreference } from './mail-preferences.ts';
import { cancelPlace, confirmationClosedReason, requestPlace } from './places.ts';
import { canManageEvent, canOrganiseEvents } from './policy.ts';
import { saveRequirements } from './save-requirements.ts';
import { eventFormatNames, placeStatusNames } from './schema.ts';

/** A person's own events: the list, an event's page, their place, requirements, comments, emails. */
export function registerMyEventRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const afterChange = () => kickMailQueue(services.queue);

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

  typed.get(
    paths.events.show(),
    {
      config: { access: 'signed-in' },
      schema: { params: eventParams, querystring: z.object({ tab: z.enum(eventTabs).catch('details') }) },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event, place, eligible } = await eventFor(db, principal, request.params.id, 'attend');
      const organiser = canManageEvent(principal, event);
      const insider = isSeated(place) || organiser;
      const tab = insider ? request.query.tab : 'details';
      return reply.render(
        'modules/events/views/event.njk',
        eventPageModel({
          event,
          place,
          eligible,
          organiser,
          tab,
          documents: insider ? await listDocuments(db, event.id) : [],
          files: insider && tab === 'documents' ? await eventFiles(db, event.id) : [],
          comments: insider && tab === 'comments' ? await listComments(db, event.id) : [],
          waitingPosition:
            place?.status === 'waiting' ? await waitingPosition(db, event.id, principal.personId) : null,
        }),
      );
    },
  );

  typed.post(
    paths.events.confirm(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      const form = { formUrl: url, body: request.body, conflictField: 'attendance' };
      return handleForm(reply, form, async () => {
        const outcome = await requestPlace(db, actorOf(principal), {
          eventId: request.params.id,
          personId: principal.personId,
        });
        afterChange();
        const position =
          outcome.status === 'confirmed'
            ? null
            : await waitingPosition(db, request.params.id, principal.personId);
        return reply
          .flash({
            kind: 'success',
            text:
              outcome.status === 'confirmed'
                ? 'Your place is confirmed'
                : `The event is full: you are on the waiting list${position ? `, number ${position}` : ''}`,
          })
          .code(303)
          .redirect(url);
      });
    },
  );

  // Asks first: what cancelling does, then the form that posts to the same address. Looking never writes.
  typed.get(
    paths.events.cancelPlace(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event, place } = await eventFor(db, principal, request.params.id, 'attend');
      const url = paths.events.show(event.id);
      if (event.status !== 'scheduled' || (place?.status !== 'confirmed' && place?.status !== 'waiting')) {
        return reply.flash({ kind: 'info', text: 'You have no place to cancel' }).code(303).redirect(url);
      }
      return reply.render('modules/events/views/cancel-place.njk', cancelPlaceView(event, place!));
    },
  );

  typed.post(
    paths.events.cancelPlace(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      await eventFor(db, principal, request.params.id, 'attend');
      const form = { formUrl: url, body: request.body, conflictField: 'attendance' };
      return handleForm(reply, form, async () => {
        await cancelPlace(db, actorOf(principal), {
          eventId: request.params.id,
          personId: principal.personId,
        });
        afterChange();
        return reply.flash({ kind: 'success', text: 'Your place is cancelled' }).code(303).redirect(url);
      });
    },
  );

  typed.post(
    paths.events.requirements(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = paths.events.show(request.params.id);
      await eventFor(db, principal, request.params.id, 'attend');
      return handleForm(
        reply,
        {
          formUrl: `${url}#requirements`,
          body: request.body,
          conflictField: 'requirements',
          schema: requirementsForm,
        },
        async (input) => {
          await saveRequirements(db, actorOf(principal), {
            eventId: request.params.id,
            personId: principal.personId,
            dietary: input.dietary ?? null,
            access: input.access ?? null,
            otherRequirements: input.otherRequirements ?? null,
          });
          return reply
            .flash({ kind: 'success', text: 'Your requirements are saved' })
            .code(303)
            .redirect(url);
        },
      );
    },
  );

  typed.post(
    paths.events.comments(),
    { config: { access: 'signed-in' }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const url = withQuery(paths.events.show(request.params.id), { tab: 'comments' });
      const { event } = await eventFor(db, principal, request.params.id, 'attend');
      return handleForm(
        reply,
        { formUrl: url, body: request.body, schema: commentForm },
        async ({ body }) => {
          await addComment(db, actorOf(principal), {
            eventId: event.id,
            personId: principal.personId,
            body,
            byOrganiser: canManageEvent(principal, event),
          });
          return reply.flash({ kind: 'success', text: 'Your comment is posted' }).code(303).redirect(url);
        },
      );
    },
  );

  // The personal Connect link: only for a confirmed place at an online event that is going ahead.
  typed.get(
    paths.events.connect(),
    { config: { access: 'signed-in' }, schema: { params: z.object({ token: tokenParam }) } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const found = await placeByConnectToken(db, request.params.token);
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

  typed.get(paths.events.emailPreferences, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    return reply.render('modules/events/views/email-preferences.njk', {
      pageTitle: 'Event emails',
      dailyDigest: await mailPreference(db, principal.personId),
    });
  });

  typed.post(paths.events.emailPreferences, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const form = { formUrl: paths.events.emailPreferences, body: request.body, keep: [] };
    return handleForm(reply, form, async ({ delivery }) => {
      if (delivery !== 'single' && delivery !== 'digest')
        throw new ValidationError([fieldError('delivery', 'Choose how to get event emails')]);
      await setMailPreference(db, actorOf(principal), {
        personId: principal.personId,
        dailyDigest: delivery === 'digest',
      });
      return reply
        .flash({ kind: 'success', text: 'Your choice is saved' })
        .code(303)
        .redirect(paths.events.emailPreferences);
    });
  });
}
