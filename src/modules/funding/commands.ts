import type { Command } from 'commander';
import { Option } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import { formatRows, type WithServices } from '../../platform/cli-output.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { yearFromParam } from '../activities/forms.ts';
import { loadActivity } from '../activities/load-activity.ts';
import { hubBySlug } from '../hubs/choose-hub.ts';
import { closeStatement } from './close-statement.ts';
import { type FundingSource, fundingSources } from './grant-rules.ts';
import { loadGrantRules, readGrantRulesFile } from './load-grant-rules.ts';
import { formatPence } from './money.ts';
import { readStatement } from './read-statement.ts';
import { recordHubRole } from './record-hub-role.ts';
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
  funding
    .command('close')
    .description('close a hub’s open grant statement for its period (later changes go on the next one)')
    .requiredOption('--hub <slug>', 'the hub, by its slug (like west-yorkshire)')
    .requiredOption('--year <year>', 'the academic year, like 2019/20')
    .option('--statement <number>', 'the statement you mean to close: refused if it is already closed')
    .action(async (options: { hub: string; year: string; statement?: string }) => {
      const year = yearOption(options.year);
      const number = options.statement === undefined ? undefined : Number(options.statement);
      if (number !== undefined && !(Number.isInteger(number) && number > 0))
        throw new ValidationError([
          { field: 'statement', message: `${options.statement} is not a statement number like 1` },
        ]);
      await withServices(async ({ db }) => {
        const hub = await hubBySlug(db, options.hub);
        if (!hub) throw new NotFoundError(`There is no hub ${options.hub}`);
        const after = await closeStatement(db, cliActor(), {
          hubId: hub.id,
          yearCode: year,
          statementNumber: number,
        });
        const closed = after.statements.filter((s) => s.status === 'closed').at(-1)!;
        process.stdout.write(
          `${hub.name}, ${year}: statement ${closed.number} is closed at ${formatPence(closed.totalPence)}\n`,
        );
      });
    });
  funding
    .command('set-role')
    .description(
      'record a hub’s role in an activity paid by role (the exchange: primary, secondary_hosting…)',
    )
    .requiredOption('--activity <id>', 'the activity’s number (as in its address, /activities/123)')
    .requiredOption('--role <role>', 'the role as the NCP’s rules name it, like secondary_hosting')
    .option('--hub <slug>', 'the hub the activity must belong to (a check against typing the wrong number)')
    .action(async (options: { activity: string; role: string; hub?: string }) => {
      const activityId = Number(options.activity);
      if (!Number.isInteger(activityId) || activityId < 1)
        throw new ValidationError([
          { field: 'activity', message: `${options.activity} is not an activity number like 123` },
        ]);
      await withServices(async ({ db }) => {
        if (options.hub) {
          const hub = await hubBySlug(db, options.hub);
          if (!hub) throw new NotFoundError(`There is no hub ${options.hub}`);
          const activity = await loadActivity(db, activityId);
          if (activity && activity.activity.hubId !== hub.id)
            throw new NotFoundError(`${hub.name} has no activity ${activityId}`);
        }
        const recorded = await recordHubRole(db, cliActor(), { activityId, role: options.role });
        process.stdout.write(`The hub’s role for “${recorded.title}” is recorded: ${options.role}\n`);
      });
    });
}
