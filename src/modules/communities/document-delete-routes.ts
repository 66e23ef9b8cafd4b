import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { isNationalAdmin } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { getDocument } from '../documents/document-reads.ts';
import { deleteDocument } from '../documents/documents.ts';
import { spaceByKey } from './access.ts';
import { canDeleteDocument } from './policy.ts';
import { spaceOwner } from './spaces.ts';

const documentParams = z.object({ space: z.string().max(30), documentId: idParam });
const signedIn = { access: 'signed-in' as const };

/**
 * Deleting a space's document (its uploader, a lead of the space, a national administrator in it): a
 * confirmation page first, then it is gone from the space. The documents module keeps its versions and
 * their bytes (a soft delete, for the retention schedule) and writes `document.deleted` to the event
 * log; messages that attached it say the document was removed. Anyone else: not found.
 */
export function registerSpaceDocumentDeleteRoutes(app: FastifyInstance, { db }: Services): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  /** The space and its document, if this person may delete it (else not found). */
  const deletable = async (
    request: { params: z.infer<typeof documentParams> },
    personId: number,
    admin: boolean,
  ) => {
    const space = await spaceByKey(db, request.params.space, personId);
    if (!space.spaceId) throw new NotFoundError('There is no such document');
    const document = await getDocument(db, {
      documentId: request.params.documentId,
      ...spaceOwner(space.spaceId),
    });
    if (!canDeleteDocument(space, document, { personId, isNationalAdmin: admin }))
      throw new NotFoundError('There is no such document');
    return { space, document };
  };

  typed.get(
    paths.communities.deleteDocument(),
    { config: signedIn, schema: { params: documentParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { space, document } = await deletable(request, principal.personId, isNationalAdmin(principal));
      return reply.render('modules/communities/views/delete-document.njk', {
        pageTitle: `Delete ${document.title}?`,
        space,
        document,
      });
    },
  );

  typed.post(
    paths.communities.deleteDocument(),
    { config: signedIn, schema: { params: documentParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { space, document } = await deletable(request, principal.personId, isNationalAdmin(principal));
      return handleForm(
        reply,
        { formUrl: paths.communities.deleteDocument(space.key, document.id), body: request.body },
        async () => {
          await deleteDocument(db, actorOf(principal), { documentId: document.id, hubId: space.hubId });
          return reply
            .flash({ kind: 'success', text: `${document.title} has been deleted` })
            .code(303)
            .redirect(paths.communities.documents(space.key));
        },
      );
    },
  );
}
