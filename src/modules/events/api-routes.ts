import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listMyEvents, myEventTabs } from './list-my-events.ts';
import { eventFor } from './load-event.ts';
import { kickMailQueue } from './mail-jobs.ts';
import { cancelPlace, confirmationClosedReason, requestPlace } from './places.ts';
import { eventFormats, eventStatuses, placeStatuses } from './schema.ts';

const eventSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  format: z.enum(eventFormats),
  status: z.enum(eventStatuses),
  startsAt: z.string().describe('ISO 8601 date and time'),
  endsAt: z.string().describe('ISO 8601 date and time'),
  confirmBy: z.string().describe('The last day to confirm attendance (YYYY-MM-DD, in England)'),
  confirmationClosed: z.string().nullable().describe('Why confirmation is closed, or null while it is open'),
  hub: z.string().nullable().describe('The hub organising it; null for a national workshop'),
  placesLeft: z.number().int(),
  place: z.enum(placeStatuses).nullable(),
});
const placeResult = z.object({ eventId: z.number().int(), place: z.enum(placeStatuses) });
const params = z.object({ id: idParam });

/** A person's events through the API: list them, confirm attendance, cancel. */
export function registerEventApiRoutes(app: FastifyInstance, { db, queue }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.api.myEvents,
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Events'],
        summary: 'Your events: eligible (not yet confirmed), upcoming (confirmed or waiting) or past',
        security: [{ apiToken: [] }],
        querystring: z.object({ tab: z.enum(myEventTabs).default('eligible') }),
        response: { 200: z.object({ tab: z.enum(myEventTabs), events: z.array(eventSummary) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const events = await listMyEvents(db, principal.personId, request.query.tab);
      return {
        tab: request.query.tab,
        events: events.map((e) => ({
          id: e.id,
          title: e.title,
          format: e.format,
          status: e.status,
          startsAt: e.startsAt.toISOString(),
          endsAt: e.endsAt.toISOString(),
          confirmBy: e.confirmBy,
          confirmationClosed: confirmationClosedReason(e as never),
          hub: e.hubName,
          placesLeft: Math.max(0, e.capacity - e.confirmedCount),
          place: e.placeStatus,
        })),
      };
    },
  );

  typed.post(
    paths.api.confirmEvent(),
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Events'],
        summary:
          'Confirm your attendance: a place if one is free, else the waiting list (409 after the deadline)',
        security: [{ apiToken: [] }],
        params,
        response: { 200: placeResult },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const outcome = await requestPlace(db, actorOf(principal), {
        eventId: request.params.id,
        personId: principal.personId,
      });
      kickMailQueue(queue);
      return { eventId: request.params.id, place: outcome.status };
    },
  );

  typed.post(
    paths.api.cancelEventPlace(),
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['Events'],
        summary: 'Cancel your confirmation or waiting place; a freed place goes to the waiting list',
        security: [{ apiToken: [] }],
        params,
        response: { 200: placeResult },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      await eventFor(db, principal, request.params.id, 'attend');
      await cancelPlace(db, actorOf(principal), { eventId: request.params.id, personId: principal.personId });
      kickMailQueue(queue);
      return { eventId: request.params.id, place: 'cancelled' as const };
    },
  );
}
