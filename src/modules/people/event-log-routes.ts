import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { actionChoices } from '../../platform/audit-actions.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { hubScopeOf, inHubScope } from '../../platform/hub-scope.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { eventLogView } from './event-log-view.ts';
import { eventsAsCsv } from './events-csv.ts';
import { eventLogQuery } from './forms.ts';
import { eachEvent, eventSubjectTypes, listEvents } from './list-events.ts';
import { canViewEventLog } from './policy.ts';

const PAGE_SIZE = 50;
const eventLogRoute = { config: { access: canViewEventLog }, schema: { querystring: eventLogQuery } };

/**
 * The event log: national staff see every change, hub leadership their hubs' (the one hub scope rule),
 * as sentences with links to the records; filtered by action, record and person. Also as CSV.
 */
export function registerEventLogRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.admin.eventLog, eventLogRoute, async (request, reply) => {
    const principal = requirePrincipal(request);
    const scope = hubScopeOf(principal);
    const { action, subjectType, subjectId, personId, page, format } = eventLogQuery.parse(
      request.query ?? {},
    );
    const filter = { action, subjectType, subjectId, personId };
    const query = { action, subjectType, subjectId, personId: personId ?? undefined };
    if (format === 'csv') {
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-log-${stamp}.csv"`)
        .send(Readable.from(eventsAsCsv(db, eachEvent(db, scope, filter))));
    }
    const { total, entries } = await listEvents(db, scope, { ...filter, page, pageSize: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return reply.render('modules/people/views/event-log.njk', {
      pageTitle: 'Event log',
      scope,
      filter,
      total,
      // The query is scoped already; the scope is asked again of every row it returned.
      entries: await eventLogView(
        db,
        entries.filter((e) => inHubScope(scope, e.hubId)),
      ),
      options: { actions: actionChoices(), subjectTypes: await eventSubjectTypes(db, scope) },
      csvHref: withQuery(paths.admin.eventLog, { ...query, format: 'csv' }),
      clearHref: paths.admin.eventLog,
      pagination: pagination(page, lastPage, (n) => withQuery(paths.admin.eventLog, { ...query, page: n })),
    });
  });
}
