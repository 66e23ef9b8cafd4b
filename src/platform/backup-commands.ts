import type { Command } from 'commander';
import { backupDatabase, pgDumpBackup } from './backup.ts';
import type { WithServices } from './cli-output.ts';
import { terminalProgress } from './progress.ts';
import { restoreDatabase } from './restore.ts';

/** `mathshubs backup FILE` and `mathshubs restore FILE [--force]` (docs/operations.md). */
export function registerBackupCommands(program: Command, withServices: WithServices): void {
  program
    .command('backup <file>')
    .description(
      'back up every table of the database (embedded or DATABASE_URL) into a new file, gzip-compressed if it ends in .gz; works with any PostgreSQL version, while the service runs',
    )
    .option(
      '--pg-dump',
      'use this machine’s pg_dump instead (custom format, restored with pg_restore): only if it is at least the server’s version',
    )
    .action(async (file: string, options: { pgDump?: boolean }) => {
      await withServices(async ({ db }) => {
        if (options.pgDump) await pgDumpBackup(db.$client, file, terminalProgress());
        else await backupDatabase(db.$client, file, terminalProgress());
      });
    });
  program
    .command('restore <file>')
    .description(
      'restore a backup made by `mathshubs backup` into the database (embedded or DATABASE_URL), with the same version of the platform; all or nothing',
    )
    .option('--force', 'replace everything in a database that already holds records')
    .action(async (file: string, options: { force?: boolean }) => {
      await withServices(async ({ db }) => {
        await restoreDatabase(db.$client, file, { force: options.force }, terminalProgress());
      });
    });
}
