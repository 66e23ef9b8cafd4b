import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { StaleEditError } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldError, type SummaryFieldError } from '../../platform/form-errors.ts';
import { readUpload } from '../../platform/uploads.ts';
import { addDocumentVersion, DOCUMENT_MAX_BYTES } from './documents.ts';
import type { BlobStore } from './store.ts';

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * A new version of a document, from its page's upload form (the file and "what changed"), for the
 * routes of whoever owns the document (events, community spaces): on success it says so and goes back to
 * the document's page; a refused file, or an upload made from an older page, shows that page again with
 * the error summary and the note kept.
 */
export async function receiveNewVersion(
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    db: Executor;
    store: BlobStore;
    actor: Actor;
    documentId: number;
    version: number | undefined;
    hubId: number | null;
    documentPage: string;
    showAgain: (reply: FastifyReply, errors: SummaryFieldError[], kept?: { note: string }) => unknown;
  },
) {
  let note = '';
  try {
    const upload = await readUpload(request, isText, { maxBytes: DOCUMENT_MAX_BYTES, kindField: 'note' });
    note = upload.kind?.trim() ?? '';
    const file = upload.file && { filename: upload.file.fileName, bytes: upload.file.bytes };
    const { number } = await addDocumentVersion(
      input.db,
      input.actor,
      { documentId: input.documentId, file, note, version: input.version, hubId: input.hubId },
      { store: input.store },
    );
    reply.flash({ kind: 'success', text: `Version ${number} is uploaded` });
    return reply.code(303).redirect(input.documentPage);
  } catch (error) {
    if (error instanceof ValidationError)
      return input.showAgain(
        reply,
        error.errors.map((e) => fieldError(e.field, e.message)),
        { note },
      );
    if (error instanceof StaleEditError)
      return input.showAgain(reply.code(409), [
        fieldError('file', `${error.message}. Check the versions below and upload yours again`),
      ]);
    throw error;
  }
}
