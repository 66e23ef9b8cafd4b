import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import type { WithServices } from '../../platform/cli-output.ts';
import { parseBankHolidayCsv, shippedBankHolidaysFile } from './bank-holiday-file.ts';
import { importBankHolidays } from './bank-holidays.ts';

/** `mathshubs import bank-holidays [file]`: adds England and Wales bank holidays to the calendar. */
export function registerEventCommands(importCommand: Command, withServices: WithServices): void {
  importCommand
    .command('bank-holidays [file]')
    .description(
      'add England and Wales bank holidays from a date,title CSV file (default: the shipped reference/bank-holidays.csv)',
    )
    .action(async (file: string | undefined) => {
      const rows = parseBankHolidayCsv(await readFile(file ?? shippedBankHolidaysFile, 'utf8'));
      await withServices(async ({ db }) => {
        const summary = await db.transaction((tx) => importBankHolidays(tx, cliActor(), rows));
        process.stdout.write(`Bank holidays: ${summary.added} added, ${summary.unchanged} already there\n`);
      });
    });
}
