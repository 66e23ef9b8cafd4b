import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { eventsAsCsv } from './events-csv.ts';
import { eventLogQuery } from './forms.ts';
import { eachEvent, eventFilterOptions, listEvents } from './list-events.ts';
import { canSeeEvent, canViewEventLog, eventLogScope } from './policy.ts';

const PAGE_SIZE = 50;
const eventLogRoute = { config: { access: canViewEventLog }, schema: { querystring: eventLogQuery } };

/** The event log: national staff see every event, hub leadership their hub's. Also as CSV. */
export function registerEventLogRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.admin.eventLog, eventLogRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const scope = eventLogScope(principal);
    const { action, subjectType, page, format } = eventLogQuery.parse(request.query ?? {});
    const filter = { action, subjectType };
    if (format === 'csv') {
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-log-${stamp}.csv"`)
        .send(Readable.from(eventsAsCsv(eachEvent(db, scope, filter))));
    }
    const { total, entries } = await listEvents(db, scope, { ...filter, page, pageSize: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return reply.render('modules/people/views/event-log.njk', {
      pageTitle: 'Event log',
      scope,
      filter,
      total,
      // The query is scoped already; the policy is asked again of every row it returned.
      entries: entries.filter((e) => canSeeEvent(principal, e)),
      options: await eventFilterOptions(db, scope),
      csvHref: withQuery(paths.admin.eventLog, { ...filter, format: 'csv' }),
      pagination: pagination(page, lastPage, (n) => withQuery(paths.admin.eventLog, { ...filter, page: n })),
    });
  });
}
