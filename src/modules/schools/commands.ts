import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import { formatOption, formatRows, type OutputFormat, type WithServices } from '../../platform/cli-output.ts';
import { terminalProgress } from '../../platform/progress.ts';
import { importGiasFile } from './gias/import-establishments.ts';
import { importGiasLinks } from './gias/import-links.ts';
import type { RegisterImportResult } from './gias/register-imports.ts';
import { searchSchools } from './search-schools.ts';

export function importSummary(result: RegisterImportResult): string {
  const things = result.kind === 'gias' ? 'schools' : 'links';
  const n = (value: number) => value.toLocaleString('en-GB');
  return [
    `Imported ${result.fileName}: ${n(result.rowCount)} rows.`,
    `  new ${things}: ${n(result.added)}`,
    `  changed ${things}: ${n(result.updated)}${result.kind === 'gias' ? ` (of which closed: ${n(result.closed)})` : ''}`,
    `  unchanged ${things}: ${n(result.unchanged)}`,
    ...(result.openNotInFile
      ? [`  open schools not in the file (left as they were): ${n(result.openNotInFile)}`]
      : []),
    ...result.warnings.map((warning) => `Warning: ${warning}`),
  ].join('\n');
}

export function registerSchoolCommands(
  program: Command,
  importCommand: Command,
  withServices: WithServices,
): void {
  program
    .command('schools')
    .description('the school register')
    .command('find <query...>')
    .description('find schools by name, URN, postcode or local authority, with the hub serving each')
    .addOption(formatOption())
    .option('--limit <n>', 'how many to show', '50')
    .action(async (query: string[], options: { format: OutputFormat; limit: string }) => {
      await withServices(async ({ db }) => {
        const { results } = await searchSchools(db, {
          query: query.join(' '),
          pageSize: Number(options.limit),
        });
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

  importCommand
    .command('gias <file>')
    .description(
      'load a GIAS establishments file (full or state-funded extract, Windows-1252 as published): adds, updates and closes schools; all or nothing',
    )
    .action(async (file: string) => {
      await withServices(async ({ db }) => {
        const result = await importGiasFile(db, cliActor(), { path: file, progress: terminalProgress() });
        process.stdout.write(`${importSummary(result)}\n`);
      });
    });

  importCommand
    .command('gias-links <file>')
    .description('load the GIAS links file (predecessor and successor URNs); all or nothing')
    .action(async (file: string) => {
      await withServices(async ({ db }) => {
        const result = await importGiasLinks(db, cliActor(), { path: file, progress: terminalProgress() });
        process.stdout.write(`${importSummary(result)}\n`);
      });
    });
}
