import type { Command } from 'commander';
import { Option } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import { formatRows, type WithServices } from '../../platform/cli-output.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { yearFromParam } from '../activities/forms.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { type FundingSource, fundingSources } from './grant-rules.ts';
import { loadGrantRules, readGrantRulesFile } from './load-grant-rules.ts';
import { formatPence } from './money.ts';
import { readStatement } from './read-statement.ts';
import { statementJson } from './statement-json.ts';

const yearOption = (year: string) => {
  const code = yearFromParam(year.replace('/', '-'));
  if (!code) throw new NotFoundError(`${year} is not an academic year like 2019/20`);
  return code;
};

/** `mathshubs funding …` commands. */
export function registerFundingCommands(program: Command, withServices: WithServices): void {
  const funding = program.command('funding').description('grant rules, statements and claims');
  funding
    .command('statement')
    .description('a hub’s grant statement for a year, brought up to date with its activity records')
    .requiredOption('--hub <slug>', 'the hub, by its slug (like west-yorkshire)')
    .requiredOption('--year <year>', 'the academic year, like 2019/20')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .addOption(
      new Option('--source <source>', 'only the lines of one funding source').choices([...fundingSources]),
    )
    .action(
      async (options: {
        hub: string;
        year: string;
        format: 'table' | 'csv' | 'json';
        source?: FundingSource;
      }) => {
        const year = yearOption(options.year);
        await withServices(async ({ db }) => {
          const hub = await hubBySlug(db, options.hub);
          if (!hub) throw new NotFoundError(`There is no hub ${options.hub}`);
          const json = statementJson(await readStatement(db, hub.id, year), options.source);
          if (options.format === 'json') {
            process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
            return;
          }
          const rows = json.lines;
          process.stdout.write(
            formatRows(
              rows,
              [
                { header: 'statement', value: (l) => l.statement },
                { header: 'activity', value: (l) => l.activity },
                { header: 'ncp', value: (l) => l.ncp },
                { header: 'source', value: (l) => l.source },
                { header: 'amount_pence', value: (l) => l.amount_pence },
                { header: 'explanation', value: (l) => l.explanation },
              ],
              options.format,
            ),
          );
          if (options.format === 'table') process.stdout.write(`Total: ${formatPence(json.total_pence)}\n`);
        });
      },
    );
  funding
    .command('load-rules')
    .description('load a year’s grant rules from a JSON file (like reference/funding/2019-20.json)')
    .argument('<file>', 'the rules file')
    .action(async (file: string) => {
      const rules = await readGrantRulesFile(file);
      await withServices(async ({ db }) => {
        const r = await db.transaction((tx) => loadGrantRules(tx, cliActor(), rules));
        process.stdout.write(
          `${r.year}: ${r.added} NCPs added, ${r.changed} changed, ${r.unchanged} unchanged\n`,
        );
      });
    });
}
