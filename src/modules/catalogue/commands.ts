import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import { formatOption, formatRows, type OutputFormat, type WithServices } from '../../platform/cli-output.ts';
import { academicYearSchema } from './catalogue-file.ts';
import { ncpPhaseNames, ncpTypeNames, participationNames } from './labels.ts';
import { listNcps } from './list-ncps.ts';
import { loadCatalogueFile } from './load-catalogue.ts';
import { describeRules, parseRules } from './rules.ts';

/** `mathshubs catalogue …` commands. */
export function registerCatalogueCommands(program: Command, withServices: WithServices): void {
  const catalogue = program
    .command('catalogue')
    .description('the catalogue of Network Collaborative Projects');
  catalogue
    .command('list')
    .description('list a year’s NCPs')
    .requiredOption('--year <year>', 'the academic year, like 2023/24')
    .addOption(formatOption())
    .action(async (options: { year: string; format: OutputFormat }) => {
      const year = academicYearSchema.parse(options.year.replace('-', '/'));
      await withServices(async ({ db }) => {
        const rows = await listNcps(db, year);
        process.stdout.write(
          formatRows(
            rows,
            [
              { header: 'code', value: (n) => n.code },
              { header: 'title', value: (n) => n.title },
              { header: 'phases', value: (n) => n.phases.map((p) => ncpPhaseNames[p]).join('; ') },
              { header: 'type', value: (n) => ncpTypeNames[n.type] },
              { header: 'participation', value: (n) => participationNames[n.participation] },
              { header: 'completes_tfm_stage', value: (n) => n.completesTfmStage },
              { header: 'next_ncp_code', value: (n) => n.nextNcpCode },
              ...(options.format === 'table'
                ? []
                : [
                    {
                      header: 'rules',
                      value: (n: (typeof rows)[number]) => describeRules(parseRules(n.rules)).join(' '),
                    },
                  ]),
            ],
            options.format,
          ),
        );
      });
    });
  catalogue
    .command('load')
    .description('load a year’s catalogue from a JSON file (like reference/catalogue/2023-24.json)')
    .argument('<file>', 'the catalogue file')
    .action(async (file: string) => {
      await withServices(async ({ db }) => {
        const r = await loadCatalogueFile(db, cliActor(), { path: file });
        process.stdout.write(
          `${r.year}: ${r.added} NCPs added, ${r.changed} changed, ${r.unchanged} unchanged\n`,
        );
      });
    });
}
