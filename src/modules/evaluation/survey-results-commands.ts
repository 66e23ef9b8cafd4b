import type { Command } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';
import { loadSurveyTemplates } from './survey-seed.ts';

/**
 * `mathshubs surveys seed`: loads the shipped survey templates (reference/surveys/templates.json) as
 * published version 1 of each NCP and kind that has none yet. Running it again changes nothing.
 */
export function registerSurveyResultCommands(program: Command, withServices: WithServices): void {
  const surveys = program.commands.find((c) => c.name() === 'surveys') ?? program.command('surveys');
  surveys.description('the national surveys');
  surveys
    .command('seed')
    .description('load the shipped survey templates for the NCPs that have none (idempotent)')
    .action(async () => {
      await withServices(async ({ db }) => {
        const added = await loadSurveyTemplates(db);
        process.stdout.write(`${added} survey template${added === 1 ? '' : 's'} added\n`);
      });
    });
}
