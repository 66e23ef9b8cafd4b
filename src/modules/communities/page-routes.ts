import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { staleEditRows, versionFrom } from '../../platform/edit-versions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import {
  createSharedPage,
  editSharedPage,
  getRevision,
  getSharedPage,
  listSharedPages,
  sharedPageLimits,
} from '../documents/pages.ts';
import { spaceByKey } from './access.ts';
import { pageForm } from './forms.ts';
import { type Space, spaceIdFor, spaceOwner } from './spaces.ts';

const spaceParams = z.object({ space: z.string().max(30) });
const pageParams = z.object({ space: z.string().max(30), pageId: idParam });
const revisionParams = pageParams.extend({ revision: idParam });
const signedIn = { access: 'signed-in' as const };
const comparedFields = [
  { name: 'title', label: 'Title' },
  { name: 'body', label: 'Text' },
] as const;

/**
 * A space's shared pages (the documents module keeps them, with every revision): any member starts a
 * page, edits it and reads its history, each revision on its own page. Two people saving the same
 * revision: the second is told, shown what the first saved beside their own text (kept in the form), and
 * saves again on top deliberately (409). Pages of a space someone is not in are "not found".
 */
export function registerSharedPageRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  /** The page of this space (another space's, or a space one is not in: not found). */
  const pageOf = async (space: Space, pageId: number) => {
    if (!space.spaceId) throw new NotFoundError('There is no such page');
    return getSharedPage(db, { pageId, ...spaceOwner(space.spaceId) });
  };

  typed.get(
    paths.communities.pages(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const space = await spaceByKey(db, request.params.space, requirePrincipal(request).personId);
      return reply.render('modules/communities/views/pages.njk', {
        pageTitle: `Shared pages: ${space.title}`,
        space,
        pages: space.spaceId ? await listSharedPages(db, spaceOwner(space.spaceId)) : [],
        bodyMax: sharedPageLimits.body,
      });
    },
  );

  typed.post(
    paths.communities.pages(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      return handleForm(
        reply,
        { formUrl: `${paths.communities.pages(space.key)}#new-page`, body: request.body, schema: pageForm },
        async (input) => {
          const spaceId = await spaceIdFor(db, space, principal.personId);
          const { pageId } = await createSharedPage(db, actorOf(principal), {
            ...spaceOwner(spaceId),
            title: input.title,
            body: input.body,
            hubId: space.hubId,
          });
          return reply
            .flash({ kind: 'success', text: 'The page has been started' })
            .code(303)
            .redirect(paths.communities.page(space.key, pageId));
        },
      );
    },
  );

  /** A page at one revision (the current one by default), with its history. */
  const showPage = async (reply: FastifyReply, space: Space, pageId: number, revision?: number) => {
    const page = await pageOf(space, pageId);
    const shown = revision === undefined ? page.current : await getRevision(db, { pageId, number: revision });
    return reply.render('modules/communities/views/page.njk', {
      pageTitle: revision === undefined ? page.title : `${page.title}: revision ${shown.number}`,
      space,
      page,
      shown,
      isCurrent: shown.number === page.current.number,
    });
  };

  typed.get(
    paths.communities.page(),
    { config: signedIn, schema: { params: pageParams } },
    async (request, reply) => {
      const space = await spaceByKey(db, request.params.space, requirePrincipal(request).personId);
      return showPage(reply, space, request.params.pageId);
    },
  );

  typed.get(
    paths.communities.pageRevision(),
    { config: signedIn, schema: { params: revisionParams } },
    async (request, reply) => {
      const space = await spaceByKey(db, request.params.space, requirePrincipal(request).personId);
      return showPage(reply, space, request.params.pageId, request.params.revision);
    },
  );

  /** The edit form: the current text, or (after a clash) the person's own text beside what was saved. */
  const editPage = async (
    reply: FastifyReply,
    space: Space,
    pageId: number,
    yours?: Record<string, string>,
  ) => {
    const page = await pageOf(space, pageId);
    const theirs = { title: page.title, body: page.current.body };
    return reply.code(yours ? 409 : 200).render('modules/communities/views/page-edit.njk', {
      pageTitle: `Edit ${page.title}`,
      space,
      page,
      formValues: yours ?? theirs,
      ...(yours ? { values: yours } : {}),
      staleEdit: yours && {
        noun: 'page',
        rows: staleEditRows(comparedFields, theirs, yours),
        latestHref: paths.communities.editPage(space.key, page.id),
      },
      bodyMax: sharedPageLimits.body,
    });
  };

  typed.get(
    paths.communities.editPage(),
    { config: signedIn, schema: { params: pageParams } },
    async (request, reply) => {
      const space = await spaceByKey(db, request.params.space, requirePrincipal(request).personId);
      return editPage(reply, space, request.params.pageId);
    },
  );

  typed.post(
    paths.communities.editPage(),
    { config: signedIn, schema: { params: pageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const { pageId } = request.params;
      await pageOf(space, pageId);
      return handleForm(
        reply,
        {
          formUrl: paths.communities.editPage(space.key, pageId),
          body: request.body,
          schema: pageForm,
          onStale: (yours) => editPage(reply, space, pageId, yours),
        },
        async (input) => {
          const { version } = await editSharedPage(db, actorOf(principal), {
            pageId,
            version: versionFrom(request.body),
            title: input.title,
            body: input.body,
            hubId: space.hubId,
          });
          return reply
            .flash({ kind: 'success', text: `The page has been saved (revision ${version})` })
            .code(303)
            .redirect(paths.communities.page(space.key, pageId));
        },
      );
    },
  );
}
