import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldError, type SummaryFieldError } from '../../platform/form-errors.ts';
import { handleForm } from '../../platform/http/handle-form.ts';
import { requirePrincipal } from '../../platform/http.ts';
import { idParam } from '../../platform/params.ts';
import { paths } from '../../platform/paths.ts';
import type { Services } from '../../platform/services.ts';
import { readUpload } from '../../platform/uploads.ts';
import { getDocument, readDocumentVersion, sendDocument } from '../documents/document-reads.ts';
import {
  createDocument,
  DOCUMENT_MAX_BYTES,
  deleteDocument,
  documentTypesText,
} from '../documents/documents.ts';
import { receiveNewVersion } from '../documents/upload-version.ts';
import { canSeeEventFiles, eventOwner } from './event-files.ts';
import { eventFor } from './load-event.ts';
import { canChangeEvents, canManageEvent, canOrganiseEvents } from './policy.ts';

const eventParams = z.object({ id: idParam });
const fileParams = z.object({ id: idParam, documentId: idParam });
const versionParams = z.object({ id: idParam, documentId: idParam, versionId: idParam });
const deleteForm = z.object({
  confirm: z.literal('yes', { message: 'Select yes to delete the document' }),
});
/** A new version's address carries the page's version (and, as every upload's, the form token). */
const uploadQuery = z.object({
  version: z.coerce.number().int().min(1).optional(),
  _csrf: z.string().optional(),
});
const isText = (v: unknown): v is string => typeof v === 'string';
const uploadHint = `Upload ${documentTypesText}, of at most 20 MB.`;

/**
 * An event's uploaded documents (issue 18; the documents module keeps them, with versions): its organiser
 * (hub leadership or the national administrators, and an NCP's own team for its national workshops, as
 * for the event's links: `canChangeEvents`, then the event's own check) uploads a document and new versions of it, and deletes it after a page that asks first; those who may
 * see the event's documents (a place, or its organisers and list readers) download any version. A refused
 * upload renders its page again with the reason (422): a file cannot be carried back through a redirect.
 */
export function registerDocumentRoutes(app: FastifyInstance, services: Services): void {
  const { db, documentStore: store } = services;
  const typed = app.withTypeProvider<ZodTypeProvider>();

  const newPage = (
    reply: FastifyReply,
    event: { id: number; title: string },
    errors: SummaryFieldError[] = [],
    values: Record<string, string> = {},
  ) =>
    reply.code(errors.length ? 422 : 200).render('modules/events/views/event-file-new.njk', {
      pageTitle: 'Upload a document',
      event,
      errors,
      values,
      uploadHint,
    });

  typed.get(
    paths.events.newFile(),
    { config: { access: canChangeEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const { event } = await eventFor(db, requirePrincipal(request), request.params.id, 'manage');
      return newPage(reply, event);
    },
  );

  typed.post(
    paths.events.newFile(),
    { config: { access: canChangeEvents }, schema: { params: eventParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      let title = '';
      try {
        const upload = await readUpload(request, isText, {
          maxBytes: DOCUMENT_MAX_BYTES,
          kindField: 'title',
        });
        title = upload.kind?.trim() ?? '';
        const file = upload.file && { filename: upload.file.fileName, bytes: upload.file.bytes };
        const { documentId } = await createDocument(
          db,
          actorOf(principal),
          { ...eventOwner(event.id), title, file, hubId: event.hubId },
          { store },
        );
        reply.flash({ kind: 'success', text: 'The document is uploaded' });
        return reply.code(303).redirect(paths.events.file(event.id, documentId));
      } catch (error) {
        if (error instanceof ValidationError)
          return newPage(
            reply,
            event,
            error.errors.map((e) => fieldError(e.field, e.message)),
            { title },
          );
        throw error;
      }
    },
  );

  /** The document of this event, with its versions (another event's is not found). */
  const documentOf = (eventId: number, documentId: number) =>
    getDocument(db, { documentId, ...eventOwner(eventId) });

  const filePage = async (
    reply: FastifyReply,
    principal: ReturnType<typeof requirePrincipal>,
    eventId: number,
    documentId: number,
    errors: SummaryFieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const { event } = await eventFor(db, principal, eventId, 'lists');
    const document = await documentOf(event.id, documentId);
    const status = reply.statusCode === 409 ? 409 : errors.length ? 422 : 200;
    return reply.code(status).render('modules/events/views/event-file.njk', {
      pageTitle: document.title,
      event,
      document,
      canManage: canManageEvent(principal, event),
      versionHref: (versionId: number) => paths.events.fileVersion(event.id, document.id, versionId),
      errors,
      values,
      uploadHint,
    });
  };

  typed.get(
    paths.events.file(),
    { config: { access: canOrganiseEvents }, schema: { params: fileParams } },
    async (request, reply) =>
      filePage(reply, requirePrincipal(request), request.params.id, request.params.documentId),
  );

  // A new version: its note in the `note` field, the page's version in the address (`?version=`).
  typed.post(
    paths.events.file(),
    {
      config: { access: canChangeEvents },
      schema: { params: fileParams, querystring: uploadQuery },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, documentId } = request.params;
      const { event } = await eventFor(db, principal, id, 'manage');
      await documentOf(event.id, documentId);
      return receiveNewVersion(request, reply, {
        db,
        store,
        actor: actorOf(principal),
        documentId,
        version: request.query.version,
        hubId: event.hubId,
        documentPage: paths.events.file(event.id, documentId),
        showAgain: (r, errors, kept) => filePage(r, principal, id, documentId, errors, kept),
      });
    },
  );

  typed.get(
    paths.events.deleteFile(),
    { config: { access: canChangeEvents }, schema: { params: fileParams } },
    async (request, reply) => {
      const { event } = await eventFor(db, requirePrincipal(request), request.params.id, 'manage');
      const document = await documentOf(event.id, request.params.documentId);
      return reply.render('modules/events/views/event-file-delete.njk', {
        pageTitle: `Delete ${document.title}`,
        event,
        document,
      });
    },
  );

  typed.post(
    paths.events.deleteFile(),
    { config: { access: canChangeEvents }, schema: { params: fileParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { event } = await eventFor(db, principal, request.params.id, 'manage');
      const document = await documentOf(event.id, request.params.documentId);
      const formUrl = paths.events.deleteFile(event.id, document.id);
      return handleForm(
        reply,
        { formUrl, body: request.body, schema: deleteForm, conflictField: 'confirm' },
        async () => {
          await deleteDocument(db, actorOf(principal), { documentId: document.id, hubId: event.hubId });
          reply.flash({ kind: 'success', text: `${document.title} is deleted` });
          return reply.code(303).redirect(`${paths.events.manage(event.id)}#documents`);
        },
      );
    },
  );

  typed.get(
    paths.events.fileVersion(),
    { config: { access: 'signed-in' }, schema: { params: versionParams } },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id, documentId, versionId } = request.params;
      const { event, place } = await eventFor(db, principal, id, 'attend');
      if (!canSeeEventFiles(principal, event, place)) throw new NotFoundError('There is no such file');
      const version = await readDocumentVersion(
        db,
        { versionId, documentId, ...eventOwner(event.id) },
        { store },
      );
      return sendDocument(reply, version);
    },
  );
}
