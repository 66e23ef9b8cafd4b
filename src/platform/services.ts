import type { BlobStore } from './blob-store.ts';
import type { Config } from './config.ts';
import type { Database } from './database.ts';
import type { Mailer } from './mail.ts';
import type { Queue } from './queue.ts';

/**
 * What every module is given: the configuration, the database, the mailer, the job queue, the store of uploaded files. Built once, in the
 * composition root (`buildServices` in src/app.ts); modules take this type from here, never from app.ts.
 */
export interface Services {
  config: Config;
  db: Database;
  mailer: Mailer;
  queue: Queue;
  /** Where uploaded documents' bytes are kept (PostgreSQL, or S3 when configured: ADR 0010). */
  documentStore: BlobStore;
}
