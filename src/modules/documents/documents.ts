import { randomUUID } from 'node:crypto';
import { and, eq, isNull, max, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Executor } from '../../platform/database.ts';
import { StaleEditError } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type FileType, fileTypeOf } from '../../platform/file-types.ts';
import { megabytes } from '../../platform/upload-limits.ts';
import { documents, documentVersions } from './schema.ts';
import { sha256Hex } from './store.ts';

/**
 * Documents with versions (issue 18, docs/documents.md): a file uploaded to a record of another module
 * (its owner: an event, a community space…), then new versions of it, every one kept and downloadable.
 * The owner's module authorises (its routes check its policy, then call these); these check the file,
 * keep its bytes in the blob store and its metadata here, and write the event log.
 */

/** The largest file that may be uploaded as a document (20 MB). */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const documentLimits = { bytes: DOCUMENT_MAX_BYTES, title: 200, note: 500, filename: 200 } as const;

/** The kinds of file accepted, for a form's hint and the refusal. */
export const documentTypesText =
  'a PDF, a Word, Excel or PowerPoint file, a PNG, JPEG, GIF or WebP image, or a text or CSV file';

/** The types a browser may show in the page (a PDF or a bitmap image); anything else is downloaded. */
export const inlineContentTypes = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export interface DocumentFile {
  filename: string;
  bytes: Buffer;
}

/** What documents.ts needs from the services. */
export interface DocumentServices {
  store: BlobStore;
}

/** The file's type from its content (never its name), within the size limit; else a ValidationError on `file`. */
export function checkDocumentFile(file: DocumentFile | null | undefined): FileType {
  if (!file || file.bytes.length === 0)
    throw new ValidationError([{ field: 'file', message: 'Select a file to upload' }]);
  if (file.bytes.length > DOCUMENT_MAX_BYTES) {
    const message = `The file is larger than ${megabytes(DOCUMENT_MAX_BYTES)}, the most that can be uploaded: upload a smaller file`;
    throw new ValidationError([{ field: 'file', message }], message);
  }
  const type = fileTypeOf(file.filename, file.bytes);
  if (!type || !isAllowed(type.contentType))
    throw new ValidationError([
      {
        field: 'file',
        message: `${safeFilename(file.filename)} is not a kind of file that can be uploaded: upload ${documentTypesText}`,
      },
    ]);
  return type;
}

const allowed = [
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain; charset=utf-8',
  'text/csv; charset=utf-8',
];
const isAllowed = (contentType: string) => allowed.includes(contentType);

/** A file's name as kept: no path, no control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are removed.
  const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  return clean.slice(0, documentLimits.filename) || 'file';
}

const ownerKindPattern = /^[a-z][a-z_]{0,39}$/;

function checkTitle(title: string | undefined, file: DocumentFile): string {
  const t = (title ?? '').trim() || safeFilename(file.filename);
  if (t.length > documentLimits.title)
    throw new ValidationError([
      { field: 'title', message: `The title must be ${documentLimits.title} characters or fewer` },
    ]);
  return t;
}

function checkNote(note: string | null | undefined): string | null {
  const n = (note ?? '').trim();
  if (n.length > documentLimits.note)
    throw new ValidationError([
      { field: 'note', message: `The note must be ${documentLimits.note} characters or fewer` },
    ]);
  return n || null;
}

/** Keeps the bytes, then runs the change; the bytes are removed again when the change fails. */
async function withStoredBytes<T>(
  store: BlobStore,
  file: DocumentFile,
  type: FileType,
  change: (blob: { key: string; sha256: string }) => Promise<T>,
): Promise<T> {
  const key = `documents/${randomUUID()}`;
  await store.put(key, file.bytes, type.contentType);
  try {
    return await change({ key, sha256: sha256Hex(file.bytes) });
  } catch (error) {
    await store.delete(key).catch(() => undefined);
    throw error;
  }
}

/**
 * Uploads a document to an owner: its first version. The title is the file's name when none is given.
 * `hubId` puts the event log's row in a hub's log. `andThen` runs in the same transaction (a message
 * the document is attached to): if it fails, nothing is kept, the bytes neither.
 */
export async function createDocument<T = undefined>(
  db: Executor,
  actor: Actor,
  input: {
    ownerKind: string;
    ownerId: string | number;
    title?: string;
    file: DocumentFile | null;
    note?: string | null;
    hubId?: number | null;
  },
  { store }: DocumentServices,
  andThen?: (tx: Executor, created: { documentId: number; versionId: number }) => Promise<T>,
): Promise<{ documentId: number; versionId: number; written?: T }> {
  if (!ownerKindPattern.test(input.ownerKind)) throw new Error(`Unknown owner kind ${input.ownerKind}`);
  const type = checkDocumentFile(input.file);
  const file = input.file!;
  const title = checkTitle(input.title, file);
  const note = checkNote(input.note);
  const ownerId = String(input.ownerId);
  return withStoredBytes(store, file, type, (blob) =>
    db.transaction(async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ ownerKind: input.ownerKind, ownerId, title, createdByPersonId: actor.personId })
        .returning({ id: documents.id });
      const [version] = await tx
        .insert(documentVersions)
        .values({
          documentId: doc!.id,
          number: 1,
          filename: safeFilename(file.filename),
          contentType: type.contentType,
          size: file.bytes.length,
          sha256: blob.sha256,
          blobKey: blob.key,
          uploadedByPersonId: actor.personId,
          note,
        })
        .returning({ id: documentVersions.id });
      await recordEvent(tx, actor, {
        action: 'document.created',
        subjectType: 'document',
        subjectId: doc!.id,
        hubId: input.hubId ?? null,
        changes: {
          ownerKind: input.ownerKind,
          ownerId,
          title,
          versionId: version!.id,
          size: file.bytes.length,
        },
      });
      const created = { documentId: doc!.id, versionId: version!.id };
      return andThen ? { ...created, written: await andThen(tx, created) } : created;
    }),
  );
}

/**
 * Uploads a new version of a document; every earlier version is kept. Given the `version` the person's
 * page was made from, an upload made while someone else added a version is refused (StaleEditError).
 */
export async function addDocumentVersion(
  db: Executor,
  actor: Actor,
  input: {
    documentId: number;
    file: DocumentFile | null;
    note?: string | null;
    version?: number;
    hubId?: number | null;
  },
  { store }: DocumentServices,
): Promise<{ versionId: number; number: number }> {
  const type = checkDocumentFile(input.file);
  const file = input.file!;
  const note = checkNote(input.note);
  return withStoredBytes(store, file, type, (blob) =>
    db.transaction(async (tx) => {
      const [doc] = await tx
        .select()
        .from(documents)
        .where(and(eq(documents.id, input.documentId), isNull(documents.deletedAt)))
        .for('update');
      if (!doc) throw new NotFoundError('There is no such document');
      if (input.version !== undefined && input.version !== doc.version)
        throw new StaleEditError(
          input.version,
          doc.version,
          'Someone else uploaded a new version while you were choosing yours: nothing was saved',
        );
      const [{ last }] = (await tx
        .select({ last: max(documentVersions.number) })
        .from(documentVersions)
        .where(eq(documentVersions.documentId, doc.id))) as [{ last: number | null }];
      const number = (last ?? 0) + 1;
      const [version] = await tx
        .insert(documentVersions)
        .values({
          documentId: doc.id,
          number,
          filename: safeFilename(file.filename),
          contentType: type.contentType,
          size: file.bytes.length,
          sha256: blob.sha256,
          blobKey: blob.key,
          uploadedByPersonId: actor.personId,
          note,
        })
        .returning({ id: documentVersions.id });
      await tx
        .update(documents)
        .set({ version: sql`${documents.version} + 1` })
        .where(eq(documents.id, doc.id));
      await recordEvent(tx, actor, {
        action: 'document.version_added',
        subjectType: 'document',
        subjectId: doc.id,
        hubId: input.hubId ?? null,
        changes: { number, versionId: version!.id, size: file.bytes.length },
      });
      return { versionId: version!.id, number };
    }),
  );
}

/** Deletes a document (soft): no longer listed or downloadable; its versions and their bytes are kept. */
export async function deleteDocument(
  db: Executor,
  actor: Actor,
  input: { documentId: number; hubId?: number | null },
): Promise<{ title: string }> {
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .update(documents)
      .set({ deletedAt: sql`now()` })
      .where(and(eq(documents.id, input.documentId), isNull(documents.deletedAt)))
      .returning({ title: documents.title });
    if (!gone) throw new NotFoundError('There is no such document');
    await recordEvent(tx, actor, {
      action: 'document.deleted',
      subjectType: 'document',
      subjectId: input.documentId,
      hubId: input.hubId ?? null,
      changes: { title: gone.title },
    });
    return { title: gone.title };
  });
}
