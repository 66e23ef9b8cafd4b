import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { spaceByKey } from './access.ts';
import { canLead } from './policy.ts';
import { type MemberSort, memberSorts, type SortOrder, spaceMembersPage } from './spaces.ts';

const spaceParams = z.object({ space: z.string().max(30) });
const membersQuery = z.object({
  sort: z.enum(memberSorts).catch('name').default('name'),
  order: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
const signedIn = { access: 'signed-in' as const };

/** The column headings' links: a click sorts by the column, a second click reverses it. */
function sortLinks(base: string, query: { sort: MemberSort; order: SortOrder }) {
  return Object.fromEntries(
    memberSorts.map((column) => {
      const current = query.sort === column;
      const order: SortOrder = current && query.order === 'asc' ? 'desc' : 'asc';
      return [
        column,
        {
          href: withQuery(base, { sort: column, order }),
          ariaSort: current ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none',
        },
      ];
    }),
  );
}

/**
 * A space's members' page (linked from the space's front page, which only counts them): who is in the
 * space today, 100 a page, by name or role; its leads remove guests here.
 */
export function registerMemberRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.communities.members(),
    { config: signedIn, schema: { params: spaceParams, querystring: membersQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const { sort, order, page } = request.query;
      const members = await spaceMembersPage(db, space, { sort, order, page });
      const base = paths.communities.members(space.key);
      return reply.render('modules/communities/views/members.njk', {
        pageTitle: `Members: ${space.title}`,
        space,
        members,
        isLead: canLead(space),
        sortLinks: sortLinks(base, { sort, order }),
        pagination: pagination(page, members.lastPage, (n) => withQuery(base, { sort, order, page: n })),
      });
    },
  );
}
