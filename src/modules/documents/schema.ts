import {
  customType,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from '../people/schema.ts';

/**
 * Documents with versions and shared pages (issue 18, docs/documents.md, ADR 0010). A document belongs to
 * a record of another module (`owner_kind`, `owner_id`: an event, a community space, a HAPPI form…); the
 * owner's module decides who may see and change it. Its files' bytes live in the blob store
 * (`store.ts`): the `document_blobs` table by default, or an S3-compatible bucket. Migration 0042.
 */

/** Bytes, stored in PostgreSQL (so a deployment needs nothing else and one backup holds everything). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The default blob store: one row per stored file, by key. */
export const documentBlobs = pgTable('document_blobs', {
  key: text('key').primaryKey(),
  bytes: bytea('bytes').notNull(),
  size: integer('size').notNull(),
  /** SHA-256 of the bytes, in hex. */
  sha256: text('sha256').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    /** The kind of record it belongs to: 'event', 'community_space', 'happi'… */
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    title: text('title').notNull(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Deleted (soft): no longer listed or downloadable; its versions are kept, their bytes 30 days. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** Raised by every new version (an upload made from an older one is refused). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('documents_owner_idx').on(t.ownerKind, t.ownerId),
    index('documents_person_idx').on(t.createdByPersonId),
  ],
);

export const documentVersions = pgTable(
  'document_versions',
  {
    id: serial('id').primaryKey(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… within the document. */
    number: integer('number').notNull(),
    filename: text('filename').notNull(),
    /** Decided from the content (platform/file-types.ts), never from the name. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    blobKey: text('blob_key').notNull(),
    uploadedByPersonId: integer('uploaded_by_person_id').references(() => people.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
    /**
     * When the bytes were erased from the store (the retention schedule: 30 days after the document was
     * deleted; migration 0049). The record stays, for the event log's trace.
     */
    bytesErasedAt: timestamp('bytes_erased_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('document_versions_number_idx').on(t.documentId, t.number),
    index('document_versions_person_idx').on(t.uploadedByPersonId),
  ],
);

export const sharedPages = pgTable(
  'shared_pages',
  {
    id: serial('id').primaryKey(),
    ownerKind: text('owner_kind').notNull(),
    ownerId: text('owner_id').notNull(),
    title: text('title').notNull(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The number of the current revision: an edit made from an older one is refused (StaleEditError). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('shared_pages_owner_idx').on(t.ownerKind, t.ownerId),
    index('shared_pages_person_idx').on(t.createdByPersonId),
  ],
);

export const sharedPageRevisions = pgTable(
  'shared_page_revisions',
  {
    id: serial('id').primaryKey(),
    pageId: integer('page_id')
      .notNull()
      .references(() => sharedPages.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** Plain text with light formatting (platform/safe-text.ts). */
    body: text('body').notNull(),
    editedByPersonId: integer('edited_by_person_id').references(() => people.id),
    editedAt: timestamp('edited_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shared_page_revisions_number_idx').on(t.pageId, t.number),
    index('shared_page_revisions_person_idx').on(t.editedByPersonId),
  ],
);
