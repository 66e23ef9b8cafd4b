import { asc, gt } from 'drizzle-orm';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Executor } from '../../platform/database.ts';
import { documentBlobs } from './schema.ts';

/**
 * Copies every file kept in PostgreSQL (`document_blobs`) to another store under the same key, a batch
 * at a time (ADR 0010: moving to an S3-compatible store). Safe to run again: it copies all each time.
 */
export async function copyBlobsTo(
  db: Executor,
  target: BlobStore,
  onProgress: (copied: number) => void = () => {},
): Promise<{ copied: number; bytes: number }> {
  let copied = 0;
  let bytes = 0;
  let after = '';
  for (;;) {
    const batch = await db
      .select({ key: documentBlobs.key, bytes: documentBlobs.bytes })
      .from(documentBlobs)
      .where(gt(documentBlobs.key, after))
      .orderBy(asc(documentBlobs.key))
      .limit(50);
    if (batch.length === 0) return { copied, bytes };
    for (const row of batch) {
      await target.put(row.key, row.bytes, 'application/octet-stream');
      copied++;
      bytes += row.bytes.length;
    }
    after = batch[batch.length - 1]!.key;
    onProgress(copied);
  }
}
