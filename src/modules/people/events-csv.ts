import type { Executor } from '../../platform/database.ts';
import { csvLine } from '../../platform/exports.ts';
import { sentencesOf, sentenceText } from './event-sentences.ts';
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
  'sentence',
];

// One CSV writer for every export (platform/exports.ts): it quotes, and defuses formulas.
export { csvCell, csvLine } from '../../platform/exports.ts';

export const eventCsvHeader = () => csvLine(header);

export const eventCsvLine = (e: EventLogEntry, sentence: string) =>
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
    sentence,
  ]);

const BATCH = 500;

/** The event log as CSV text, a line at a time; the sentences' names are looked up a batch at a time. */
export async function* eventsAsCsv(
  db: Executor,
  entries: AsyncIterable<EventLogEntry>,
): AsyncGenerator<string> {
  yield eventCsvHeader();
  let batch: EventLogEntry[] = [];
  const flush = async function* () {
    const sentences = await sentencesOf(db, batch);
    for (const [i, entry] of batch.entries()) yield eventCsvLine(entry, sentenceText(sentences[i]!));
    batch = [];
  };
  for await (const entry of entries) {
    batch.push(entry);
    if (batch.length >= BATCH) yield* flush();
  }
  if (batch.length) yield* flush();
}
