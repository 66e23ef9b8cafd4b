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
import { threadForMember } from './access.ts';
import { levelForm, pageQuery, pinForm, replyForm } from './forms.ts';
import { checkMessageForm, readMessageForm } from './message-form.ts';
import { markThreadRead, notificationLevels, setNotificationLevel, setPinned } from './message-marks.ts';
import { MESSAGE_MAX } from './messages.ts';
import { canLead } from './policy.ts';
import { replyToThread } from './post-message.ts';
import { MESSAGES_A_PAGE, threadMessages } from './reads.ts';
import { spaceOwner } from './spaces.ts';
import { attachHint, documentItems, levelItems, levelText, messageView, whenItems } from './view-models.ts';

const threadParams = z.object({ threadId: idParam });
const signedIn = { access: 'signed-in' as const };

/** A thread: its messages, replying (quoting), marking it read, pinning it, its notifications. */
export function registerThreadRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    paths.communities.thread(),
    {
      config: signedIn,
      schema: {
        params: threadParams,
        querystring: pageQuery.extend({
          quote: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
        }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { thread, space } = await threadForMember(db, request.params.threadId, principal.personId);
      const page = request.query.page ?? 1;
      const [found, levels, documents] = await Promise.all([
        threadMessages(db, { threadId: thread.threadId, personId: principal.personId, page }),
        notificationLevels(db, {
          personId: principal.personId,
          spaceId: space.spaceId,
          threadId: thread.threadId,
        }),
        listDocuments(db, spaceOwner(thread.spaceId)),
      ]);
      const firstMessageId = page === 1 ? (found.messages[0]?.messageId ?? null) : null;
      const messages = found.messages.map((m) =>
        messageView(m, {
          spaceKey: space.key,
          personId: principal.personId,
          isLead: canLead(space),
          isThreadAuthor: thread.authorPersonId === principal.personId,
          answeredMessageId: thread.answeredMessageId,
          firstMessageId,
        }),
      );
      const quoting = request.query.quote
        ? messages.find((m) => m.messageId === request.query.quote && m.canQuote)
        : undefined;
      return reply.render('modules/communities/views/thread.njk', {
        pageTitle: thread.title,
        thread,
        space,
        messages,
        unread: messages.some((m) => m.isNew),
        quoting: quoting ?? null,
        isLead: canLead(space),
        threadLevel: levels.thread,
        levelNow: levelText(levels.thread ?? levels.space),
        levelItems: levelItems(levels.thread ?? levels.space),
        whenItems: whenItems(),
        documentItems: documentItems(documents),
        uploadHint: attachHint,
        messageMax: MESSAGE_MAX,
        spaceHref: paths.communities.space(space.key),
        pagination: pagination(page, Math.max(1, Math.ceil(found.total / MESSAGES_A_PAGE)), (n) =>
          withQuery(paths.communities.thread(thread.threadId), { page: n }),
        ),
      });
    },
  );

  typed.post(
    paths.communities.replies(),
    { config: signedIn, schema: { params: threadParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { thread, space } = await threadForMember(db, request.params.threadId, principal.personId);
      const back = paths.communities.thread(thread.threadId);
      const posted = await readMessageForm(request);
      const quote = Number(posted.body.quote) || 0;
      return handleForm(
        reply,
        {
          // Back to the form, still quoting the message it quoted.
          formUrl: `${quote ? `${back}?quote=${quote}` : back}#reply`,
          body: posted.body,
        },
        async (fields) => {
          const input = checkMessageForm(replyForm, fields, posted);
          const { messageId } = await replyToThread(
            db,
            actorOf(principal),
            {
              thread,
              hubId: space.hubId,
              body: input.body,
              when: input.when,
              quoteOfMessageId: input.quote ?? null,
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
                  ? 'Your reply has been posted'
                  : input.when === 'morning'
                    ? 'Your reply will be posted at 8am'
                    : 'Your reply has been saved as a draft',
            })
            .code(303)
            .redirect(`${back}#message-${messageId}`);
        },
      );
    },
  );

  typed.post(
    paths.communities.read(),
    { config: signedIn, schema: { params: threadParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { thread, space } = await threadForMember(db, request.params.threadId, principal.personId);
      const back = paths.communities.thread(thread.threadId);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await markThreadRead(db, actorOf(principal), { thread, hubId: space.hubId });
        return reply.code(303).redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.pin(),
    { config: signedIn, schema: { params: threadParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { thread, space } = await threadForMember(db, request.params.threadId, principal.personId);
      if (!canLead(space)) throw new NotFoundError('There is no such thread');
      const back = paths.communities.thread(thread.threadId);
      return handleForm(reply, { formUrl: back, body: request.body, schema: pinForm }, async (input) => {
        await setPinned(db, actorOf(principal), {
          thread,
          hubId: space.hubId,
          pinned: input.pinned === 'yes',
        });
        return reply
          .flash({
            kind: 'success',
            text: input.pinned === 'yes' ? 'The thread has been pinned' : 'The thread has been unpinned',
          })
          .code(303)
          .redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.threadNotifications(),
    { config: signedIn, schema: { params: threadParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { thread, space } = await threadForMember(db, request.params.threadId, principal.personId);
      const back = paths.communities.thread(thread.threadId);
      return handleForm(
        reply,
        { formUrl: `${back}#notifications`, body: request.body, schema: levelForm },
        async (input) => {
          await setNotificationLevel(db, actorOf(principal), {
            space,
            threadId: thread.threadId,
            level: input.level,
          });
          return reply
            .flash({
              kind: 'success',
              text:
                input.level === 'none'
                  ? 'You have unsubscribed from this thread'
                  : 'Your notifications for this thread have been saved',
            })
            .code(303)
            .redirect(back);
        },
      );
    },
  );
}
