import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { messageForMember } from './access.ts';
import { editForm } from './forms.ts';
import { markAnswer, toggleBoost } from './message-marks.ts';
import {
  canEdit,
  deleteMessage,
  EDIT_MINUTES,
  editMessage,
  MESSAGE_MAX,
  postNow,
  TITLE_MAX,
  threadContext,
} from './messages.ts';
import { canDelete, canMarkAnswer } from './policy.ts';

const messageParams = z.object({ messageId: idParam });
const signedIn = { access: 'signed-in' as const };

/** One message: editing it (its author, in the time allowed), deleting it, boosting it, marking the answer, posting a draft. */
export function registerMessageRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const inThread = (threadId: number, messageId: number) =>
    `${paths.communities.thread(threadId)}#message-${messageId}`;

  /** The message its author may still edit (anyone else: not found). */
  const editable = async (messageId: number, personId: number) => {
    const found = await messageForMember(db, messageId, personId);
    // A member who is not its author knows the message is there: they may not edit it.
    if (found.message.authorPersonId !== personId)
      throw new ForbiddenError('Only its author may edit a message');
    return found;
  };

  typed.get(
    paths.communities.editMessage(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await editable(request.params.messageId, principal.personId);
      const thread = await threadContext(db, message.threadId);
      return reply.render('modules/communities/views/edit-message.njk', {
        pageTitle: 'Edit your message',
        message,
        thread,
        space,
        open: canEdit(message, principal.personId),
        editMinutes: EDIT_MINUTES,
        messageMax: MESSAGE_MAX,
        titleMax: TITLE_MAX,
        backHref: inThread(message.threadId, message.messageId),
        formValues: { body: message.body, title: thread?.title ?? '' },
      });
    },
  );

  typed.post(
    paths.communities.editMessage(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await editable(request.params.messageId, principal.personId);
      return handleForm(
        reply,
        {
          formUrl: paths.communities.editMessage(message.messageId),
          body: request.body,
          schema: editForm,
          conflictField: 'body',
        },
        async (input) => {
          await editMessage(
            db,
            actorOf(principal),
            {
              message,
              hubId: space.hubId,
              body: input.body,
              title: message.isFirst ? input.title : undefined,
            },
            services,
          );
          return reply
            .flash({ kind: 'success', text: 'Your message has been changed' })
            .code(303)
            .redirect(inThread(message.threadId, message.messageId));
        },
      );
    },
  );

  typed.post(
    paths.communities.deleteMessage(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await messageForMember(db, request.params.messageId, principal.personId);
      if (!canDelete(space, message, principal.personId)) throw new NotFoundError('There is no such message');
      const back = inThread(message.threadId, message.messageId);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await deleteMessage(db, actorOf(principal), { message, hubId: space.hubId });
        return reply
          .flash({ kind: 'success', text: 'The message has been deleted' })
          .code(303)
          .redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.boost(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await messageForMember(db, request.params.messageId, principal.personId);
      const back = inThread(message.threadId, message.messageId);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await toggleBoost(db, actorOf(principal), { message, hubId: space.hubId });
        return reply.code(303).redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.answer(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await messageForMember(db, request.params.messageId, principal.personId);
      if (!canMarkAnswer(space, message, principal.personId))
        throw new NotFoundError('There is no such message');
      const back = inThread(message.threadId, message.messageId);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await markAnswer(db, actorOf(principal), { message, hubId: space.hubId });
        return reply
          .flash({ kind: 'success', text: 'The thread’s answer has been saved' })
          .code(303)
          .redirect(back);
      });
    },
  );

  typed.post(
    paths.communities.postNow(),
    { config: signedIn, schema: { params: messageParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { message, space } = await messageForMember(db, request.params.messageId, principal.personId);
      if (message.authorPersonId !== principal.personId) throw new NotFoundError('There is no such message');
      const back = inThread(message.threadId, message.messageId);
      return handleForm(reply, { formUrl: back, body: request.body }, async () => {
        await postNow(db, actorOf(principal), { message, hubId: space.hubId }, services);
        return reply
          .flash({ kind: 'success', text: 'Your message has been posted' })
          .code(303)
          .redirect(back);
      });
    },
  );
}
