import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { tokenParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import {
  activeFeed,
  calendarEventOf,
  createFeed,
  feedEvents,
  feedOwner,
  revokeFeed,
} from './calendar-feed.ts';
import { eventParams } from './forms.ts';
import { calendar } from './ics.ts';
import { eventFor } from './load-event.ts';

/** Calendars: one event as an .ics file, and a person's secret feed of all their events. */
export function registerCalendarRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const baseUrl = services.config.PUBLIC_URL;

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
    const token = await createFeed(db, actorOf(principal), { personId: principal.personId });
    return reply.render('modules/events/views/calendar-feed.njk', {
      pageTitle: 'Your calendar feed',
      feed: await activeFeed(db, principal.personId),
      newFeedUrl: `${baseUrl || `${request.protocol}://${request.host}`}${paths.events.feed(token)}`,
    });
  });

  typed.post(paths.events.calendarFeedRevoke, { config: { access: 'signed-in' } }, async (request, reply) => {
    const principal = requirePrincipal(request);
    await revokeFeed(db, actorOf(principal), { personId: principal.personId });
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
}
