import type { Command, Option } from 'commander';
import { Option as CommanderOption } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { academicYearSchema } from '../catalogue/catalogue-file.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { buildAnnualReport } from './annual-report.ts';
import { reportCsv, reportJson } from './report-exports.ts';

const reportFormat = (): Option =>
  new CommanderOption('--format <format>', 'output format').choices(['json', 'csv']).default('json');

/**
 * `mathshubs report annual --year 2023/24 [--hub west-yorkshire] --format json|csv`: the same report as the
 * page and the API, nationally or for one hub (the hub's own version, as its leadership see it).
 */
export function registerReportingCommands(program: Command, withServices: WithServices): void {
  const report = program.command('report').description('reports computed from the platform’s records');
  report
    .command('annual')
    .description('the annual report’s figures for a year, with the previous year’s and each definition')
    .requiredOption('--year <year>', 'the academic year, like 2023/24')
    .option(
      '--hub <slug>',
      'one hub’s report, by its slug (like west-yorkshire); the whole network without it',
    )
    .addOption(reportFormat())
    .action(async (options: { year: string; hub?: string; format: 'json' | 'csv' }) => {
      const year = academicYearSchema.safeParse(options.year.replace('-', '/'));
      if (!year.success) throw new NotFoundError(`${options.year} is not an academic year like 2023/24`);
      const yearCode = year.data;
      await withServices(async ({ db }) => {
        const hub = options.hub ? await hubBySlug(db, options.hub) : undefined;
        if (hub === null) throw new NotFoundError(`There is no hub ${options.hub}`);
        const r = await buildAnnualReport(db, {
          yearCode,
          hub: hub ? { id: hub.id, name: hub.name } : undefined,
        });
        process.stdout.write(
          options.format === 'csv'
            ? reportCsv(r).replace(/^\ufeff/, '')
            : `${JSON.stringify(reportJson(r), null, 2)}\n`,
        );
      });
    });
}
