import { type AnyColumn, and, asc, count, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { hubs } from '../hubs/schema.ts';
import type { Scope } from './policy.ts';
import { people } from './schema.ts';
import { hubScopeCondition } from './scope-sql.ts';

export interface EventFilter {
  action?: string;
  subjectType?: string;
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

function conditions(scope: Scope, filter: EventFilter): SQL | undefined {
  return and(
    hubScopeCondition(scope, eventLog.hubId),
    filter.action ? eq(eventLog.action, filter.action) : undefined,
    filter.subjectType ? eq(eventLog.subjectType, filter.subjectType) : undefined,
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
  scope: Scope,
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
  scope: Scope,
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

/** The actions and subject types that occur within a scope, for the filter's choices. */
export async function eventFilterOptions(
  db: Executor,
  scope: Scope,
): Promise<{ actions: string[]; subjectTypes: string[] }> {
  const where = hubScopeCondition(scope, eventLog.hubId);
  const actions = await db
    .selectDistinct({ value: eventLog.action })
    .from(eventLog)
    .where(where)
    .orderBy(asc(eventLog.action))
    .limit(500);
  const subjectTypes = await db
    .selectDistinct({ value: eventLog.subjectType })
    .from(eventLog)
    .where(where)
    .orderBy(asc(eventLog.subjectType))
    .limit(500);
  return { actions: actions.map((a) => a.value), subjectTypes: subjectTypes.map((s) => s.value) };
}
