import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { pagination, withQuery } from '../../platform/pagination.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { listDocuments } from '../documents/document-reads.ts';
import { spaceByKey } from './access.ts';
import { guestForm, levelForm, pageQuery, threadForm } from './forms.ts';
import { checkMessageForm, readMessageForm } from './message-form.ts';
import { notificationLevels as levelsOf, setNotificationLevel } from './message-marks.ts';
import { EDIT_MINUTES, MESSAGE_MAX, TITLE_MAX } from './messages.ts';
import { canLead } from './policy.ts';
import { startThread } from './post-message.ts';
import { spaceFrontPage, THREADS_A_PAGE } from './reads.ts';
import {
  addGuest,
  openActivitySpace,
  removeGuest,
  spaceMemberCount,
  spaceOwner,
  spacesOf,
} from './spaces.ts';
import { attachHint, documentItems, levelItems, whenItems } from './view-models.ts';

const spaceParams = z.object({ space: z.string().max(30) });
const guestParams = z.object({ space: z.string().max(30), personId: idParam });
const activityParams = z.object({ activityId: idParam });
const signedIn = { access: 'signed-in' as const };

/** The list of a person's spaces, a space's front page, starting threads, guests, a space's notifications. */
export function registerSpaceRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(paths.communities.home, { config: signedIn }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const spaces = await spacesOf(db, { personId: principal.personId });
    return reply.render('modules/communities/views/spaces.njk', {
      pageTitle: 'Your community spaces',
      spaces: spaces.map((s) => ({ ...s, href: paths.communities.space(s.key) })),
    });
  });

  typed.get(
    paths.communities.space(),
    { config: signedIn, schema: { params: spaceParams, querystring: pageQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const page = request.query.page ?? 1;
      const [front, memberCount, levels, documents] = await Promise.all([
        spaceFrontPage(db, { spaceId: space.spaceId, personId: principal.personId, page }),
        spaceMemberCount(db, space),
        levelsOf(db, { personId: principal.personId, spaceId: space.spaceId }),
        space.spaceId ? listDocuments(db, spaceOwner(space.spaceId)) : [],
      ]);
      return reply.render('modules/communities/views/space.njk', {
        pageTitle: space.title,
        space,
        front,
        memberCount,
        membersHref: paths.communities.members(space.key),
        isLead: canLead(space),
        level: levels.space,
        levelItems: levelItems(levels.space),
        whenItems: whenItems(),
        documentItems: documentItems(documents),
        messageMax: MESSAGE_MAX,
        titleMax: TITLE_MAX,
        editMinutes: EDIT_MINUTES,
        uploadHint: attachHint,
        pagination: pagination(page, Math.max(1, Math.ceil(front.total / THREADS_A_PAGE)), (n) =>
          withQuery(paths.communities.space(space.key), { page: n }),
        ),
      });
    },
  );

  typed.post(
    paths.communities.threads(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const back = paths.communities.space(space.key);
      const posted = await readMessageForm(request);
      return handleForm(reply, { formUrl: `${back}#new-thread`, body: posted.body }, async (fields) => {
        const input = checkMessageForm(threadForm, fields, posted);
        const { threadId } = await startThread(
          db,
          actorOf(principal),
          {
            space,
            title: input.title,
            body: input.body,
            when: input.when,
            documentId: input.document ?? null,
            file: posted.file,
          },
          services,
        );
        return reply
          .flash({
            kind: 'success',
            text:
              input.when === 'now'
                ? 'Your thread has been posted'
                : input.when === 'morning'
                  ? 'Your thread will be posted at 8am'
                  : 'Your thread has been saved as a draft',
          })
          .code(303)
          .redirect(paths.communities.thread(threadId));
      });
    },
  );

  typed.post(
    paths.communities.spaceNotifications(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const back = paths.communities.space(space.key);
      return handleForm(
        reply,
        { formUrl: `${back}#notifications`, body: request.body, schema: levelForm },
        async (input) => {
          await setNotificationLevel(db, actorOf(principal), { space, level: input.level });
          return reply
            .flash({ kind: 'success', text: 'Your notifications for this space have been saved' })
            .code(303)
            .redirect(back);
        },
      );
    },
  );

  typed.post(
    paths.communities.guests(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      if (!canLead(space)) throw new NotFoundError('There is no such community space');
      const back = paths.communities.space(space.key);
      return handleForm(
        reply,
        { formUrl: `${back}#guests`, body: request.body, schema: guestForm, conflictField: 'email' },
        async (input) => {
          await addGuest(db, actorOf(principal), { space, email: input.email });
          return reply.flash({ kind: 'success', text: 'The guest has been added' }).code(303).redirect(back);
        },
      );
    },
  );

  typed.post(
    paths.communities.removeGuest(),
    { config: signedIn, schema: { params: guestParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      if (!canLead(space)) throw new NotFoundError('There is no such community space');
      const back = paths.communities.members(space.key);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await removeGuest(db, actorOf(principal), { space, personId: request.params.personId });
        return reply.flash({ kind: 'success', text: 'The guest has been removed' }).code(303).redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.openActivity(),
    { config: signedIn, schema: { params: activityParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const activityId = request.params.activityId;
      return handleForm(reply, { formUrl: paths.activity.show(activityId), body: request.body }, async () => {
        const { key } = await openActivitySpace(db, actorOf(principal), { activityId });
        return reply
          .flash({ kind: 'success', text: 'The activity’s space is open to its leads and participants' })
          .code(303)
          .redirect(paths.communities.space(key));
      });
    },
  );
}
