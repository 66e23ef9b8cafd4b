import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import { formatOption, formatRows, type OutputFormat, type WithServices } from '../../platform/cli-output.ts';
import { importHubs } from './import-hubs.ts';
import { importLocalAuthorities } from './import-local-authorities.ts';
import { listHubs, listLocalAuthorities } from './list-hubs.ts';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function registerHubCommands(
  program: Command,
  importCommand: Command,
  withServices: WithServices,
): void {
  program
    .command('hubs')
    .description('the Maths Hubs')
    .command('list')
    .description('list the hubs with their lead schools and areas')
    .addOption(formatOption())
    .action(async (options: { format: OutputFormat }) => {
      await withServices(async ({ db }) => {
        const hubs = await listHubs(db);
        process.stdout.write(
          formatRows(
            hubs,
            [
              { header: 'slug', value: (h) => h.slug },
              { header: 'name', value: (h) => h.name },
              { header: 'lead_school', value: (h) => h.leadSchoolName },
              { header: 'contact_email', value: (h) => h.contactEmail },
              { header: 'areas', value: (h) => h.areaCount },
              { header: 'demonstration_areas', value: (h) => h.demonstrationAreaCount },
              { header: 'state_funded_schools', value: (h) => h.schoolCount },
            ],
            options.format,
          ),
        );
      });
    });
  program
    .command('las')
    .description('the local authorities')
    .command('list')
    .description('list the local authorities with their regions and hubs')
    .addOption(formatOption())
    .action(async (options: { format: OutputFormat }) => {
      await withServices(async ({ db }) => {
        const las = await listLocalAuthorities(db);
        process.stdout.write(
          formatRows(
            las,
            [
              { header: 'code', value: (l) => l.code },
              { header: 'name', value: (l) => l.name },
              { header: 'gss_code', value: (l) => l.gssCode },
              { header: 'region', value: (l) => l.regionName },
              { header: 'hubs', value: (l) => l.hubNames },
              { header: 'state_funded_schools', value: (l) => l.schoolCount },
            ],
            options.format,
          ),
        );
      });
    });

  importCommand
    .command('las <file>')
    .description(
      'add and update local authorities from a CSV file (docs/imports/local-authorities-and-hubs.md)',
    )
    .action(async (file: string) => {
      const text = await readFile(file, 'utf8');
      await withServices(async ({ db }) => {
        const summary = await importLocalAuthorities(db, cliActor(), {
          text,
          fileName: path.basename(file),
        });
        process.stdout.write(
          `Local authorities: ${summary.created} added, ${summary.updated} updated, ${summary.unchanged} unchanged\n`,
        );
      });
    });

  importCommand
    .command('hubs <file>')
    .description(
      'add and update hubs from a CSV file, and their areas from another (docs/imports/local-authorities-and-hubs.md)',
    )
    .option('--areas <file>', 'a hub areas file: each hub in it gets exactly the areas it lists')
    .action(async (file: string, options: { areas?: string }) => {
      const hubsText = await readFile(file, 'utf8');
      const areasText = options.areas ? await readFile(options.areas, 'utf8') : undefined;
      await withServices(async ({ db }) => {
        const summary = await importHubs(db, cliActor(), {
          hubs: hubsText,
          hubsFileName: path.basename(file),
          areas: areasText,
          areasFileName: options.areas ? path.basename(options.areas) : undefined,
        });
        process.stdout.write(
          `Hubs: ${summary.created} added, ${summary.updated} updated, ${summary.unchanged} unchanged\n`,
        );
        if (areasText !== undefined) {
          process.stdout.write(
            `Hub areas: ${plural(summary.areasAdded, 'area')} added, ${plural(summary.areasRemoved, 'area')} removed\n`,
          );
        }
      });
    });
}
