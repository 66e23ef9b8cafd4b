/**
 * Where uploaded files' bytes are kept, by key (ADR 0010): PostgreSQL by default, or an S3-compatible
 * bucket (`DOCUMENT_STORE=s3`). The implementations are in `modules/documents/store.ts`; the composition
 * root chooses one from the configuration and puts it in `Services` as `documentStore`.
 */
export interface BlobStore {
  /** Stores the bytes under the key (replacing what was there). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes under the key, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the bytes under the key (nothing happens when there are none). */
  delete(key: string): Promise<void>;
}
