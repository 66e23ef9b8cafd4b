import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePrincipal } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { searchQuery } from './forms.ts';
import { searchMessages, whatsNew } from './reads.ts';
import { parseSpaceKey, spacesOf } from './spaces.ts';

const signedIn = { access: 'signed-in' as const };

/** A person's own page of what is new across their spaces, and searching their spaces. */
export function registerOverviewRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(paths.communities.whatsNew, { config: signedIn }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const threads = await whatsNew(db, { personId: principal.personId });
    return reply.render('modules/communities/views/whats-new.njk', {
      pageTitle: 'What’s new in your communities',
      threads: threads.map((t) => ({
        ...t,
        href: paths.communities.thread(t.threadId),
        spaceHref: paths.communities.space(t.spaceKey),
      })),
    });
  });

  typed.get(
    paths.communities.search,
    { config: signedIn, schema: { querystring: searchQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { q = '', author = '', space = '' } = request.query;
      const [spaces, hits] = await Promise.all([
        spacesOf(db, { personId: principal.personId }),
        searchMessages(db, {
          personId: principal.personId,
          words: q,
          author,
          space: space ? parseSpaceKey(space) : null,
        }),
      ]);
      return reply.render('modules/communities/views/search.njk', {
        pageTitle: q ? `Search: ${q}` : 'Search your communities',
        q,
        author,
        searched: !!(q || author),
        spaceItems: [{ value: '', text: 'All your spaces' }].concat(
          spaces.map((s) => ({ value: s.key, text: s.title, selected: s.key === space })),
        ),
        hits: hits.map((h) => ({
          ...h,
          href: `${paths.communities.thread(h.threadId)}#message-${h.messageId}`,
          spaceHref: paths.communities.space(h.spaceKey),
        })),
      });
    },
  );
}
