import { type AnyColumn, and, count, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { type HubScope, hubScopeCondition } from '../../platform/hub-scope.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from './schema.ts';

/** What the log may be narrowed to: an action, a record (its type and id), a person. */
export interface EventFilter {
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Changes made by this person or about them (the subject, or named by id in the payload). */
  personId?: number | null;
}

export interface EventLogEntry {
  id: number;
  occurredAt: Date;
  actorPersonId: number | null;
  actorLabel: string;
  /** Who made the change, as shown: the person's name as it is now (looked up by id), or the label. */
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string;
  hubId: number | null;
  hubName: string | null;
  reason: string | null;
  changes: Record<string, unknown> | null;
}

/** The rows concerning a person: made by them, about them, or naming them in what was recorded. */
function concerning(personId: number): SQL | undefined {
  const id = sql`${personId}::int`;
  return or(
    eq(eventLog.actorPersonId, personId),
    and(eq(eventLog.subjectType, 'person'), eq(eventLog.subjectId, String(personId))),
    sql`${eventLog.changes} @> jsonb_build_object('personId', ${id})`,
    sql`${eventLog.changes} @> jsonb_build_object('mergedPersonId', ${id})`,
    sql`${eventLog.changes} -> 'personIds' @> to_jsonb(${id})`,
    sql`${eventLog.changes} -> 'promotedPersonIds' @> to_jsonb(${id})`,
  );
}

function conditions(scope: HubScope, filter: EventFilter): SQL | undefined {
  return and(
    hubScopeCondition(scope, eventLog.hubId),
    filter.action ? eq(eventLog.action, filter.action) : undefined,
    filter.subjectType ? eq(eventLog.subjectType, filter.subjectType) : undefined,
    filter.subjectId ? eq(eventLog.subjectId, filter.subjectId) : undefined,
    filter.personId ? concerning(filter.personId) : undefined,
  );
}

/**
 * The name of who made a change as it is now, from their person id (with `people` left-joined on it)
 * or, for the system and the command line, their label: the log holds only the id, so a changed name
 * shows as changed and an erased person is no longer named.
 */
export const actorNameOf = (personId: AnyColumn, label: AnyColumn) => sql<string>`CASE
  WHEN ${personId} IS NULL THEN ${label}
  WHEN ${people.id} IS NULL THEN 'A person no longer on the platform'
  ELSE ${people.givenName} || ' ' || ${people.familyName} END`;

/** The name of an event's actor as it is now (needs `people` left-joined on `events.actor_person_id`). */
export const actorNameSql = actorNameOf(eventLog.actorPersonId, eventLog.actorLabel);

const entryColumns = {
  id: eventLog.id,
  occurredAt: eventLog.occurredAt,
  actorPersonId: eventLog.actorPersonId,
  actorLabel: eventLog.actorLabel,
  actorName: actorNameSql,
  action: eventLog.action,
  subjectType: eventLog.subjectType,
  subjectId: eventLog.subjectId,
  hubId: eventLog.hubId,
  hubName: hubs.name,
  reason: eventLog.reason,
  changes: eventLog.changes,
};

/** The event log within a scope, newest first, a page at a time. */
export async function listEvents(
  db: Executor,
  scope: HubScope,
  input: EventFilter & { page: number; pageSize: number },
): Promise<{ total: number; entries: EventLogEntry[] }> {
  const where = conditions(scope, input);
  const [totals] = await db.select({ total: count() }).from(eventLog).where(where);
  const entries = await db
    .select(entryColumns)
    .from(eventLog)
    .leftJoin(hubs, eq(hubs.id, eventLog.hubId))
    .leftJoin(people, eq(people.id, eventLog.actorPersonId))
    .where(where)
    .orderBy(desc(eventLog.occurredAt), desc(eventLog.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  return { total: totals?.total ?? 0, entries };
}

/**
 * Every matching event, newest first, a batch at a time (for the CSV export). Pages by id, so events
 * written while the export runs neither repeat nor push others out.
 */
export async function* eachEvent(
  db: Executor,
  scope: HubScope,
  filter: EventFilter,
  batchSize = 2000,
): AsyncGenerator<EventLogEntry> {
  const where = conditions(scope, filter);
  let before: number | null = null;
  for (;;) {
    const batch: EventLogEntry[] = await db
      .select(entryColumns)
      .from(eventLog)
      .leftJoin(hubs, eq(hubs.id, eventLog.hubId))
      .leftJoin(people, eq(people.id, eventLog.actorPersonId))
      .where(and(where, before === null ? undefined : lt(eventLog.id, before)))
      .orderBy(desc(eventLog.id))
      .limit(batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    before = batch.at(-1)!.id;
  }
}

/** The subject types that occur within a scope, for the filter's choices. */
export async function eventSubjectTypes(db: Executor, scope: HubScope): Promise<string[]> {
  const rows = await db
    .selectDistinct({ value: eventLog.subjectType })
    .from(eventLog)
    .where(hubScopeCondition(scope, eventLog.hubId))
    .orderBy(eventLog.subjectType)
    .limit(500);
  return rows.map((r) => r.value);
}
