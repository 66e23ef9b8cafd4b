import { csvLine } from '../../platform/exports.ts';
import type { EventLogEntry } from './list-events.ts';

const header = [
  'occurred_at',
  'actor',
  'actor_person_id',
  'action',
  'subject_type',
  'subject_id',
  'hub',
  'reason',
  'changes',
];

// One CSV writer for every export (platform/exports.ts): it quotes, and defuses formulas.
export { csvCell, csvLine } from '../../platform/exports.ts';

export const eventCsvHeader = () => csvLine(header);

export const eventCsvLine = (e: EventLogEntry) =>
  csvLine([
    e.occurredAt,
    e.actorName,
    e.actorPersonId,
    e.action,
    e.subjectType,
    e.subjectId,
    e.hubName ?? e.hubId,
    e.reason,
    e.changes ? JSON.stringify(e.changes) : null,
  ]);

/** The event log as CSV text, a line at a time. */
export async function* eventsAsCsv(entries: AsyncIterable<EventLogEntry>): AsyncGenerator<string> {
  yield eventCsvHeader();
  for await (const entry of entries) yield eventCsvLine(entry);
}
