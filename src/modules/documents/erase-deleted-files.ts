import { type SQL, sql } from 'drizzle-orm';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Executor } from '../../platform/database.ts';

/** How long a deleted document's files are kept (the retention schedule, docs/privacy.md). */
export const DELETED_DOCUMENT_DAYS = 30;

/** How many versions' files are erased between two looks at what is due. */
const BATCH = 500;

const deletedBefore = (now: Date) =>
  sql`${now.toISOString()}::timestamptz - make_interval(days => ${DELETED_DOCUMENT_DAYS})`;

/**
 * The versions whose files are due to be erased at `now`: of documents deleted more than 30 days before,
 * not erased yet (a query selecting `id`, for the retention dry run).
 */
export const deletedDocumentFilesDue = (now: Date): SQL => sql`
  SELECT v.id FROM document_versions v JOIN documents d ON d.id = v.document_id
  WHERE d.deleted_at < ${deletedBefore(now)} AND v.bytes_erased_at IS NULL`;

/**
 * Erases the files (bytes) of documents deleted more than 30 days before `now`, through the document
 * store (PostgreSQL or S3, ADR 0010), and marks each version `bytes_erased_at`. Each version's record
 * stays (who uploaded what, when), as does the document's (its title, who deleted it in the event log).
 * The bytes go first and the mark after: a failure between leaves a version that the next run erases
 * again (deleting a missing object is not an error), never a mark on bytes still kept. Returns how many
 * versions' files were erased.
 */
export async function eraseDeletedDocumentFiles(
  db: Executor,
  { store }: { store: BlobStore },
  now = new Date(),
): Promise<number> {
  let erased = 0;
  for (;;) {
    const { rows } = await db.execute<{ id: number; blob_key: string }>(sql`
      SELECT v.id, v.blob_key FROM document_versions v WHERE v.id IN (${deletedDocumentFilesDue(now)})
      ORDER BY v.id LIMIT ${BATCH}`);
    if (!rows.length) return erased;
    for (const version of rows) {
      await store.delete(version.blob_key);
      await db.execute(sql`
        UPDATE document_versions SET bytes_erased_at = now() WHERE id = ${version.id} AND bytes_erased_at IS NULL`);
      erased++;
    }
  }
}
