import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listMyActivities } from './list-my-activities.ts';
import { canSeeMyActivities } from './policy.ts';
import { myActivitiesView } from './view-models.ts';

/** An LLME's own activities, their next sessions and the registers to take. */
export function registerMyActivitiesRoutes(app: FastifyInstance, { db }: Services): void {
  app.get(paths.my.activities, { config: { access: canSeeMyActivities } }, async (request, reply) => {
    const mine = await listMyActivities(db, requirePrincipal(request));
    return reply.render('modules/activities/views/my-activities.njk', myActivitiesView(mine));
  });
}
