import { actionDefinition } from '../../platform/audit-actions.ts';
import type { Executor } from '../../platform/database.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import { type Segment, sentencesOf } from './event-sentences.ts';
import type { EventLogEntry } from './list-events.ts';

/** A row of the event log page: its sentence with links, and the recorded data for who asks to see it. */
export interface EventLogRow {
  id: number;
  occurredAt: Date;
  sentence: Segment[];
  actionLabel: string;
  hubName: string | null;
  /** The log of this row's record alone. */
  recordHref: string;
  /** The row as recorded (action, subject, payload), shown only on demand. */
  recorded: string;
}

export async function eventLogView(db: Executor, entries: readonly EventLogEntry[]): Promise<EventLogRow[]> {
  const sentences = await sentencesOf(db, entries);
  return entries.map((e, i) => ({
    id: e.id,
    occurredAt: e.occurredAt,
    sentence: sentences[i]!,
    actionLabel: actionDefinition(e.action).label,
    hubName: e.hubName,
    recordHref: withQuery(paths.admin.eventLog, { subjectType: e.subjectType, subjectId: e.subjectId }),
    recorded: JSON.stringify(
      { action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, changes: e.changes },
      null,
      2,
    ),
  }));
}
