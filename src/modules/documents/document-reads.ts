import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { contentDisposition, sizeText } from '../../platform/file-types.ts';
import { people } from '../people/schema.ts';
import { type DocumentServices, inlineContentTypes } from './documents.ts';
import { documents, documentVersions } from './schema.ts';

/**
 * Reading documents (docs/documents.md): a record's documents with their versions, one document, and a
 * version's bytes sent with a safe download name. The owner's module authorises first, as for writes.
 */

export interface DocumentVersionView {
  id: number;
  documentId: number;
  number: number;
  filename: string;
  contentType: string;
  size: number;
  sizeText: string;
  sha256: string;
  uploadedAt: Date;
  uploadedByPersonId: number | null;
  uploadedByName: string | null;
  note: string | null;
  /** When its bytes were erased (30 days after the document was deleted), or null. */
  bytesErasedAt: Date | null;
}

export interface DocumentSummary {
  id: number;
  ownerKind: string;
  ownerId: string;
  title: string;
  createdAt: Date;
  version: number;
  /** The newest version. */
  latest: DocumentVersionView;
  versionCount: number;
}

export interface DocumentView extends Omit<DocumentSummary, 'latest' | 'versionCount'> {
  deletedAt: Date | null;
  createdByPersonId: number | null;
  /** Newest first. */
  versions: DocumentVersionView[];
}

async function versionsOf(db: Executor, documentIds: number[]): Promise<DocumentVersionView[]> {
  if (documentIds.length === 0) return [];
  const rows = await db
    .select({
      id: documentVersions.id,
      documentId: documentVersions.documentId,
      number: documentVersions.number,
      filename: documentVersions.filename,
      contentType: documentVersions.contentType,
      size: documentVersions.size,
      sha256: documentVersions.sha256,
      uploadedAt: documentVersions.uploadedAt,
      uploadedByPersonId: documentVersions.uploadedByPersonId,
      uploadedByName: sql<string | null>`${people.givenName} || ' ' || ${people.familyName}`,
      note: documentVersions.note,
      bytesErasedAt: documentVersions.bytesErasedAt,
    })
    .from(documentVersions)
    .leftJoin(people, eq(people.id, documentVersions.uploadedByPersonId))
    .where(inArray(documentVersions.documentId, documentIds))
    .orderBy(desc(documentVersions.number));
  return rows.map((r) => ({ ...r, sizeText: sizeText(r.size) }));
}

/** An owner's documents (not deleted), oldest first, each with its newest version. */
export async function listDocuments(
  db: Executor,
  query: { ownerKind: string; ownerId: string | number },
): Promise<DocumentSummary[]> {
  const docs = await db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.ownerKind, query.ownerKind),
        eq(documents.ownerId, String(query.ownerId)),
        isNull(documents.deletedAt),
      ),
    )
    .orderBy(asc(documents.createdAt), asc(documents.id));
  const versions = await versionsOf(
    db,
    docs.map((d) => d.id),
  );
  return docs.map((d) => {
    const own = versions.filter((v) => v.documentId === d.id);
    return { ...documentFields(d), latest: own[0]!, versionCount: own.length };
  });
}

/**
 * A document with its versions, newest first. A deleted one is not found (unless `includeDeleted`), nor
 * one of another owner when the owner is given (so a route checks the record it authorised).
 */
export async function getDocument(
  db: Executor,
  query: { documentId: number; ownerKind?: string; ownerId?: string | number; includeDeleted?: boolean },
): Promise<DocumentView> {
  const [d] = await db.select().from(documents).where(eq(documents.id, query.documentId));
  if (!d || (d.deletedAt && !query.includeDeleted) || !sameOwner(d, query))
    throw new NotFoundError('There is no such document');
  return {
    ...documentFields(d),
    createdByPersonId: d.createdByPersonId,
    deletedAt: d.deletedAt,
    versions: await versionsOf(db, [d.id]),
  };
}

/** What a list and a document's page both show of its record. */
const documentFields = (d: typeof documents.$inferSelect) => ({
  id: d.id,
  ownerKind: d.ownerKind,
  ownerId: d.ownerId,
  title: d.title,
  createdAt: d.createdAt,
  version: d.version,
});

const sameOwner = (
  d: { ownerKind: string; ownerId: string },
  q: { ownerKind?: string; ownerId?: string | number },
) =>
  (q.ownerKind === undefined || q.ownerKind === d.ownerKind) &&
  (q.ownerId === undefined || String(q.ownerId) === d.ownerId);

export interface StoredVersion {
  id: number;
  documentId: number;
  ownerKind: string;
  ownerId: string;
  number: number;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
}

/**
 * One version of a document with its bytes, to download. Not found when the document is deleted, or
 * (given the owner or the document) belongs to another: a route passes the record it authorised.
 */
export async function readDocumentVersion(
  db: Executor,
  query: { versionId: number; documentId?: number; ownerKind?: string; ownerId?: string | number },
  { store }: DocumentServices,
): Promise<StoredVersion> {
  const [row] = await db
    .select({ v: documentVersions, d: documents })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(eq(documentVersions.id, query.versionId));
  if (
    !row ||
    row.d.deletedAt ||
    !sameOwner(row.d, query) ||
    (query.documentId !== undefined && query.documentId !== row.d.id)
  )
    throw new NotFoundError('There is no such file');
  const bytes = await store.get(row.v.blobKey);
  if (!bytes) throw new NotFoundError('The file’s content is missing from the document store');
  return {
    id: row.v.id,
    documentId: row.d.id,
    ownerKind: row.d.ownerKind,
    ownerId: row.d.ownerId,
    number: row.v.number,
    filename: row.v.filename,
    contentType: row.v.contentType,
    size: row.v.size,
    bytes,
  };
}

/** The policy a served upload carries: nothing in it runs, loads or submits (an image or PDF still shows). */
export const documentCsp = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

/**
 * Serves a stored file: with the type found from its content, a safe name, `attachment` unless it is a
 * PDF or a bitmap image (never SVG or HTML, which are not accepted anyway), `nosniff` and a sandbox policy.
 */
export function sendDocument(
  reply: FastifyReply,
  version: { filename: string; contentType: string; bytes: Buffer },
): FastifyReply {
  const inline = inlineContentTypes.includes(version.contentType);
  return reply
    .type(version.contentType)
    .header('content-disposition', contentDisposition(version.filename, { inline }))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', documentCsp)
    .send(version.bytes);
}
