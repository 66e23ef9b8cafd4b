import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import type { WithServices } from '../../platform/cli-output.ts';
import { applyRetention, type RuleOutcome, retentionDryRun } from './retention.ts';

/** The outcome of each rule as lines of text: what it keeps, for how long, and how many rows. */
export function retentionReport(outcomes: RuleOutcome[], applied: boolean): string {
  const verb = (o: RuleOutcome) =>
    applied
      ? { delete: 'deleted', clear: 'cleared', anonymise: 'anonymised' }[o.action]
      : { delete: 'would be deleted', clear: 'would be cleared', anonymise: 'would be anonymised' }[o.action];
  return `${outcomes.map((o) => `${o.id}: ${o.count} ${verb(o)} (${o.record}; ${o.period})`).join('\n')}\n`;
}

/** `mathshubs privacy retention --dry-run|--apply`: the retention schedule of docs/privacy.md. */
export function registerPrivacyCommands(program: Command, withServices: WithServices): void {
  const privacy = program.command('privacy').description('UK GDPR: the retention schedule');
  privacy
    .command('retention')
    .description('delete or anonymise what the retention schedule (docs/privacy.md) says is due')
    .option('--dry-run', 'count what each rule would change, changing nothing (the default)')
    .option('--apply', 'apply every rule now')
    .action(async (options: { dryRun?: boolean; apply?: boolean }) => {
      if (options.apply && options.dryRun) throw new Error('Give --dry-run or --apply, not both');
      await withServices(async (services) => {
        const { db } = services;
        const outcomes = options.apply
          ? await applyRetention(db, services, new Date(), cliActor())
          : await retentionDryRun(db);
        process.stdout.write(retentionReport(outcomes, !!options.apply));
      });
    });
}
