import type { Command } from 'commander';
import { formatOption, formatRows, type OutputFormat, type WithServices } from '../../platform/cli-output.ts';
import { listHubs, listLocalAuthorities } from './list-hubs.ts';

export function registerHubCommands(program: Command, importCommand: Command, withServices: WithServices): void {
  void importCommand;
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
}
