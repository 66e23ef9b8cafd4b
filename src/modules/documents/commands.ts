import type { Command } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';
import { sizeText } from '../../platform/file-types.ts';
import { copyBlobsTo } from './copy-blobs.ts';
import { S3BlobStore } from './store.ts';

/** `mathshubs documents copy-to-s3`: moving uploaded files to an S3-compatible store (ADR 0010). */
export function registerDocumentCommands(program: Command, withServices: WithServices): void {
  const documents = program.command('documents').description('uploaded files and their store (ADR 0010)');
  documents
    .command('copy-to-s3')
    .description(
      'copy every file kept in PostgreSQL to the S3-compatible store of S3_ENDPOINT, S3_BUCKET and its keys, under the same keys',
    )
    .action(async () => {
      await withServices(async ({ db, config }) => {
        if (
          !(config.S3_ENDPOINT && config.S3_BUCKET && config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY)
        )
          throw new Error('Set S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY first');
        const target = new S3BlobStore({
          endpoint: config.S3_ENDPOINT,
          bucket: config.S3_BUCKET,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          region: config.S3_REGION,
        });
        const { copied, bytes } = await copyBlobsTo(db, target, (n) => process.stderr.write(`${n} copied\n`));
        process.stdout.write(
          `Copied ${copied.toLocaleString('en-GB')} files (${copied ? sizeText(bytes) : 'nothing'}) to ${config.S3_BUCKET}. Now set DOCUMENT_STORE=s3 and restart.\n`,
        );
      });
    });
}
