import type { Command } from 'commander';
import { cliActor } from '../../platform/audit.ts';
import type { WithServices } from '../../platform/cli-output.ts';
import { type DeliveryKind, deliveryKinds } from './formats.ts';
import { type DeliveryImportResult, importDelivery } from './import-delivery.ts';

const things: Record<DeliveryKind, string> = {
  activities: 'activities',
  enrolments: 'enrolments',
  attendance: 'attendance marks',
};
const alsoNames: Record<string, string> = {
  leads: 'activity leads added',
  people: 'people added',
  schoolsTakingPart: 'schools added to activities',
  sessions: 'sessions added',
  continuingEnrolments: 'participants enrolled who registered for both years',
  nextPhaseEnrolments: 'enrolled on the next phase too (both years)',
  nextPhaseIntents: 'registered for both years, until the hub plans the next phase',
  mentorsEmailed: 'mentors emailed',
};

export function deliveryImportSummary(result: DeliveryImportResult): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  const what = things[result.kind];
  return [
    `Imported ${result.fileName}: ${n(result.rowCount)} rows.`,
    `  new ${what}: ${n(result.added)}`,
    `  changed ${what}: ${n(result.updated)}`,
    `  unchanged ${what}: ${n(result.unchanged)}`,
    ...Object.entries(result.alsoAdded).map(([key, value]) => `  ${alsoNames[key] ?? key}: ${n(value)}`),
  ].join('\n');
}

/** `mathshubs import activities|enrolments|attendance FILE`. */
export function registerBulkCommands(importCommand: Command, withServices: WithServices): void {
  for (const kind of deliveryKinds) {
    importCommand
      .command(`${kind} <file>`)
      .description(
        `load ${things[kind]} from a CSV or Excel (.xlsx) file in the format of docs/imports/delivery.md; every problem is listed by line; all or nothing`,
      )
      .action(async (file: string) => {
        await withServices(async ({ db, mailer }) => {
          const input = { scope: { allHubs: true as const }, kind, file: { path: file } };
          const result = await importDelivery(db, cliActor(), input, { mailer });
          process.stdout.write(`${deliveryImportSummary(result)}\n`);
        });
      });
  }
}
