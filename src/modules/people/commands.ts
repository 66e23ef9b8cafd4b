import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import type { WithServices } from '../../platform/cli-output.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import {
  type AccreditationSummary,
  importAccreditations,
  recordAccreditations,
} from './record-accreditations.ts';
import { accreditationKinds } from './schema.ts';

const summaryText = (s: AccreditationSummary) =>
  `${s.added} accreditations added, ${s.updated} changed, ${s.unchanged} unchanged\n`;

/** `mathshubs people accredit …` and `mathshubs import accreditations FILE`. */
export function registerPeopleCommands(
  program: Command,
  importCommand: Command,
  withServices: WithServices,
): void {
  program
    .command('people')
    .description('people and their accreditations')
    .command('accredit')
    .description('record an accreditation (a Mastery Specialist, PD Lead…) of someone on the platform')
    .requiredOption('--email <email>', 'the person’s email')
    .requiredOption('--accreditation <kind>', `one of ${accreditationKinds.join(', ')} (or its name)`)
    .option('--cohort <cohort>', 'the programme’s cohort, like 9')
    .option('--awarded-on <date>', 'the date it was awarded, like 2024-01-08')
    .option('--evidence-url <link>', 'a link (https://…) to the accreditation evidence document')
    .action(
      async (options: {
        email: string;
        accreditation: string;
        cohort?: string;
        awardedOn?: string;
        evidenceUrl?: string;
      }) => {
        await withServices(async ({ db }) => {
          try {
            const summary = await recordAccreditations(db, cliActor(), [
              {
                email: options.email,
                accreditation: options.accreditation,
                cohort: options.cohort,
                awardedOn: options.awardedOn,
                evidenceUrl: options.evidenceUrl,
              },
            ]);
            process.stdout.write(summaryText(summary));
          } catch (error) {
            // One accreditation: its problems without a line number.
            if (error instanceof ImportRejectedError)
              throw new ImportRejectedError([], error.problems.map((p) => p.message).join('\n'));
            throw error;
          }
        });
      },
    );
  importCommand
    .command('accreditations <file>')
    .description(
      'record accreditations from a CSV file: email, accreditation, cohort, awarded_on, evidence_url',
    )
    .action(async (file: string) => {
      const text = await readFile(file, 'utf8');
      await withServices(async ({ db }) => {
        process.stdout.write(summaryText(await importAccreditations(db, cliActor(), text)));
      });
    });
}
