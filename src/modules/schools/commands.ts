import type { Command } from 'commander';
import { formatOption, formatRows, type OutputFormat, type WithServices } from '../../platform/cli-output.ts';
import { searchSchools } from './search-schools.ts';

export function registerSchoolCommands(program: Command, importCommand: Command, withServices: WithServices): void {
  void importCommand;
  program
    .command('schools')
    .description('the school register')
    .command('find <query...>')
    .description('find schools by name, URN, postcode or local authority, with the hub serving each')
    .addOption(formatOption())
    .option('--limit <n>', 'how many to show', '50')
    .action(async (query: string[], options: { format: OutputFormat; limit: string }) => {
      await withServices(async ({ db }) => {
        const { results } = await searchSchools(db, { query: query.join(' '), pageSize: Number(options.limit) });
        process.stdout.write(
          formatRows(
            results,
            [
              { header: 'urn', value: (r) => r.urn },
              { header: 'name', value: (r) => r.name },
              { header: 'status', value: (r) => r.statusName },
              { header: 'postcode', value: (r) => r.postcode },
              { header: 'la_code', value: (r) => r.laCode },
              { header: 'la_name', value: (r) => r.laName },
              { header: 'hub', value: (r) => r.hubName },
            ],
            options.format,
          ),
        );
      });
    });
}
