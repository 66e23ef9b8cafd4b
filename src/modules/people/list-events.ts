import { type AnyColumn, and, asc, count, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { events } from '../../platform/audit-schema.ts';
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
    hubScopeCondition(scope, events.hubId),
    filter.action ? eq(events.action, filter.action) : undefined,
    filter.subjectType ? eq(events.subjectType, filter.subjectType) : undefined,
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
export const actorNameSql = actorNameOf(events.actorPersonId, events.actorLabel);

const entryColumns = {
  id: events.id,
  occurredAt: events.occurredAt,
  actorPersonId: events.actorPersonId,
  actorLabel: events.actorLabel,
  actorName: actorNameSql,
  action: events.action,
  subjectType: events.subjectType,
  subjectId: events.subjectId,
  hubId: events.hubId,
  hubName: hubs.name,
  reason: events.reason,
  changes: events.changes,
};

/** The event log within a scope, newest first, a page at a time. */
export async function listEvents(
  db: Executor,
  scope: Scope,
  input: EventFilter & { page: number; pageSize: number },
): Promise<{ total: number; entries: EventLogEntry[] }> {
  const where = conditions(scope, input);
  const [totals] = await db.select({ total: count() }).from(events).where(where);
  const entries = await db
    .select(entryColumns)
    .from(events)
    .leftJoin(hubs, eq(hubs.id, events.hubId))
    .leftJoin(people, eq(people.id, events.actorPersonId))
    .where(where)
    .orderBy(desc(events.occurredAt), desc(events.id))
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
      .from(events)
      .leftJoin(hubs, eq(hubs.id, events.hubId))
      .leftJoin(people, eq(people.id, events.actorPersonId))
      .where(and(where, before === null ? undefined : lt(events.id, before)))
      .orderBy(desc(events.id))
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
  const where = hubScopeCondition(scope, events.hubId);
  const actions = await db
    .selectDistinct({ value: events.action })
    .from(events)
    .where(where)
    .orderBy(asc(events.action))
    .limit(500);
  const subjectTypes = await db
    .selectDistinct({ value: events.subjectType })
    .from(events)
    .where(where)
    .orderBy(asc(events.subjectType))
    .limit(500);
  return { actions: actions.map((a) => a.value), subjectTypes: subjectTypes.map((s) => s.value) };
}
