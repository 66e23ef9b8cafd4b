import type { Command } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';
import { ConflictError } from '../../platform/errors.ts';
import { terminalProgress } from '../../platform/progress.ts';
import { isEmpty, loadDemoData } from './load-demo.ts';

export function registerDemoCommands(program: Command, withServices: WithServices): void {
  program
    .command('demo')
    .description('create the national demonstration network in an empty database')
    .option(
      '--today <YYYY-MM-DD>',
      'the day the demonstration reaches: its delivery runs over the four academic years up to this one (default: today in England)',
    )
    .action(async (options: { today?: string }) => {
      await withServices(async (services) => {
        if (!(await isEmpty(services))) {
          throw new ConflictError(
            'The database already holds a network: the demonstration data needs an empty database',
          );
        }
        await loadDemoData(services, terminalProgress(), { today: options.today });
      });
    });
}
