import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../platform/errors.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { pageQuery } from './forms.ts';
import { listOutbox } from './list-outbox.ts';

const PAGE_SIZE = 20;

/**
 * The development outbox: every email the platform has sent, so that sign-in codes can be read without
 * a mail server. Public like the sign-in page it serves, and absent in production.
 */
const outboxRoute = { config: { access: 'public' as const }, schema: { querystring: pageQuery } };

export function registerOutboxRoutes(app: FastifyInstance, { db, config }: Services): void {
  app.get(paths.outbox, outboxRoute, async (request, reply) => {
    if (config.isProduction) throw new NotFoundError('Page not found');
    const { page } = pageQuery.parse(request.query ?? {});
    const { total, mails } = await listOutbox(db, { page, pageSize: PAGE_SIZE });
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return reply.header('cache-control', 'no-store').render('modules/auth/views/outbox.njk', {
      pageTitle: 'Outbox',
      total,
      mails,
      pagination: pagination(page, lastPage, (n) => withQuery(paths.outbox, { page: n })),
    });
  });
}
