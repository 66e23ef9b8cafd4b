import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldError, type SummaryFieldError } from '../../platform/form-errors.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import { isNationalAdmin, type Principal } from '../../platform/principal.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import {
  getDocument,
  listDocuments,
  readDocumentVersion,
  sendDocument,
} from '../documents/document-reads.ts';
import { createDocument, DOCUMENT_MAX_BYTES, documentTypesText } from '../documents/documents.ts';
import { receiveNewVersion } from '../documents/upload-version.ts';
import { spaceByKey } from './access.ts';
import { canDeleteDocument } from './policy.ts';
import { type Membership, type Space, spaceIdFor, spaceOwner } from './spaces.ts';

const spaceParams = z.object({ space: z.string().max(30) });
const documentParams = z.object({ space: z.string().max(30), documentId: idParam });
const versionParams = z.object({ space: z.string().max(30), documentId: idParam, versionId: idParam });
const uploadQuery = z.object({
  version: z.coerce.number().int().min(1).optional(),
  _csrf: z.string().optional(),
});
const isText = (v: unknown): v is string => typeof v === 'string';
const uploadHint = `Upload ${documentTypesText}, of at most 20 MB.`;
const signedIn = { access: 'signed-in' as const };

/**
 * A space's documents (the documents module keeps them, with every version): its members upload a
 * document and new versions of it and download any version. A file of a space someone is not in is "not
 * found", by its address too. A refused upload renders its page again with the reason (422).
 */
export function registerSpaceDocumentRoutes(app: FastifyInstance, services: Services): void {
  const { db, documentStore: store } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  const listPage = async (reply: FastifyReply, space: Space, errors: SummaryFieldError[] = [], values = {}) =>
    reply.code(errors.length ? 422 : 200).render('modules/communities/views/documents.njk', {
      pageTitle: `Documents: ${space.title}`,
      space,
      documents: space.spaceId ? await listDocuments(db, spaceOwner(space.spaceId)) : [],
      errors,
      values,
      uploadHint,
    });

  typed.get(
    paths.communities.documents(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) =>
      listPage(reply, await spaceByKey(db, request.params.space, requirePrincipal(request).personId)),
  );

  typed.post(
    paths.communities.documents(),
    { config: signedIn, schema: { params: spaceParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      let title = '';
      try {
        const upload = await readUpload(request, isText, {
          maxBytes: DOCUMENT_MAX_BYTES,
          kindField: 'title',
        });
        title = upload.kind?.trim() ?? '';
        const file = upload.file && { filename: upload.file.fileName, bytes: upload.file.bytes };
        const spaceId = await spaceIdFor(db, space, principal.personId);
        const { documentId } = await createDocument(
          db,
          actorOf(principal),
          { ...spaceOwner(spaceId), title, file, hubId: space.hubId },
          { store },
        );
        reply.flash({ kind: 'success', text: 'The document is uploaded' });
        return reply.code(303).redirect(paths.communities.document(space.key, documentId));
      } catch (error) {
        if (error instanceof ValidationError)
          return listPage(
            reply,
            space,
            error.errors.map((e) => fieldError(e.field, e.message)),
            { title },
          );
        throw error;
      }
    },
  );

  /** The document of this space (another space's, or a space one is not in: not found). */
  const documentOf = async (space: Space, documentId: number) => {
    if (!space.spaceId) throw new NotFoundError('There is no such document');
    return getDocument(db, { documentId, ...spaceOwner(space.spaceId) });
  };

  const documentPage = async (
    reply: FastifyReply,
    viewer: Principal,
    space: Space & Membership,
    documentId: number,
    errors: SummaryFieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const document = await documentOf(space, documentId);
    const status = reply.statusCode === 409 ? 409 : errors.length ? 422 : 200;
    return reply.code(status).render('modules/communities/views/document.njk', {
      pageTitle: document.title,
      space,
      document,
      versionHref: (versionId: number) =>
        paths.communities.documentVersion(space.key, document.id, versionId),
      deleteHref: canDeleteDocument(space, document, {
        personId: viewer.personId,
        isNationalAdmin: isNationalAdmin(viewer),
      })
        ? paths.communities.deleteDocument(space.key, document.id)
        : null,
      errors,
      values,
      uploadHint,
    });
  };

  typed.get(
    paths.communities.document(),
    { config: signedIn, schema: { params: documentParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      return documentPage(reply, principal, space, request.params.documentId);
    },
  );

  typed.post(
    paths.communities.document(),
    { config: signedIn, schema: { params: documentParams, querystring: uploadQuery } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const space = await spaceByKey(db, request.params.space, principal.personId);
      const { documentId } = request.params;
      await documentOf(space, documentId);
      return receiveNewVersion(request, reply, {
        db,
        store,
        actor: actorOf(principal),
        documentId,
        version: request.query.version,
        hubId: space.hubId,
        documentPage: paths.communities.document(space.key, documentId),
        showAgain: (r, errors, kept) => documentPage(r, principal, space, documentId, errors, kept),
      });
    },
  );

  typed.get(
    paths.communities.documentVersion(),
    { config: signedIn, schema: { params: versionParams } },
    async (request, reply) => {
      const space = await spaceByKey(db, request.params.space, requirePrincipal(request).personId);
      if (!space.spaceId) throw new NotFoundError('There is no such file');
      const version = await readDocumentVersion(
        db,
        {
          versionId: request.params.versionId,
          documentId: request.params.documentId,
          ...spaceOwner(space.spaceId),
        },
        { store },
      );
      return sendDocument(reply, version);
    },
  );
}
