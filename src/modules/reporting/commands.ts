import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';
import { academicYearSchema } from '../catalogue/catalogue-file.ts';
import { buildAnnualReport } from './annual-report.ts';
import { reportCsv, reportJson } from './report-exports.ts';

const reportFormat = (): Option =>
  new CommanderOption('--format <format>', 'output format').choices(['json', 'csv']).default('json');

/** `mathshubs report annual --year 2023/24 --format json|csv`: the same report as the page and the API. */
export function registerReportingCommands(program: Command, withServices: WithServices): void {
  const report = program.command('report').description('reports computed from the platform’s records');
  report
    .command('annual')
    .description('the annual report’s figures for a year, with the previous year’s and each definition')
    .requiredOption('--year <year>', 'the academic year, like 2023/24')
    .addOption(reportFormat())
    .action(async (options: { year: string; format: 'json' | 'csv' }) => {
      const yearCode = academicYearSchema.parse(options.year.replace('-', '/'));
      await withServices(async ({ db }) => {
        const r = await buildAnnualReport(db, { yearCode });
        process.stdout.write(
          options.format === 'csv'
            ? reportCsv(r).replace(/^\ufeff/, '')
            : `${JSON.stringify(reportJson(r), null, 2)}\n`,
        );
      });
    });
}
