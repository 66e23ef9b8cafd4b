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

/**
 * One CSV cell. Quotes when needed, and defuses text a spreadsheet would run as a formula
 * (cells starting =, +, -, @, tab or carriage return get a leading apostrophe).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

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
