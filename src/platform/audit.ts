import { userInfo } from 'node:os';
import { type SQL, sql } from 'drizzle-orm';
import { type AuditAction, auditActions, type PayloadOf, type SubjectTypeOf } from './audit-actions.ts';
import { eventLog } from './audit-schema.ts';
import type { Executor } from './database.ts';
import type { Principal } from './principal.ts';

/**
 * Who is making a change: a signed-in person (by id: their name is looked up when the log is shown, so
 * erasing the person's record is enough for the log to stop showing who they were), or the system or
 * the command line.
 */
export interface Actor {
  personId: number | null;
  /** `person:ID` for a person; `system`, `demo`, `cli:USER`… otherwise. Never a name or an email address. */
  label: string;
}
export const systemActor = (label = 'system'): Actor => ({ personId: null, label });

/** The person at the terminal (`cli:USER`), as the author of changes made with the `mathshubs` command. */
export function cliActor(): Actor {
  let user = process.env.USER;
  try {
    user ||= userInfo().username;
  } catch {
    // No user name in this environment (some containers): the label still says it came from the CLI.
  }
  return systemActor(user ? `cli:${user}` : 'cli');
}

/** A person as the author of a change: by id only. */
export const personActor = (personId: number): Actor => ({ personId, label: `person:${personId}` });

/** The signed-in person as the author of a change in the event log. */
export const actorOf = (principal: Principal): Actor => personActor(principal.personId);

/**
 * A change as recorded: an action of the vocabulary (`audit-actions.ts`) with its subject type and its
 * payload. A name outside the vocabulary, another subject type or a payload of another shape does
 * not compile.
 */
export interface ChangeRecord<A extends AuditAction = AuditAction> {
  action: A;
  subjectType: SubjectTypeOf<A>;
  subjectId: string | number;
  hubId?: number | null;
  reason?: string | null;
  changes?: PayloadOf<A> | null;
}

/** An email address anywhere in a text (the same pattern as migration 0015's scrub of old rows). */
const emailAddresses = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
export const REMOVED_EMAIL = '(email address not kept)';

/** A value with every email address in its texts replaced: the log never holds one. */
export function withoutEmailAddresses<T>(value: T): T {
  if (typeof value === 'string') return value.replace(emailAddresses, REMOVED_EMAIL) as T;
  if (Array.isArray(value)) return value.map(withoutEmailAddresses) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withoutEmailAddresses(v)])) as T;
  }
  return value;
}

/**
 * Records a change in the event log. Call it with the transaction that makes the change.
 *
 * The log refers to people by id: the actor by `actor.personId`, the people a change is about by ids
 * in `changes` (`personId`, `personIds`…). Never put a name, an email address, requirements or free
 * text about a person in `changes`: the log outlives the person's record (erasure removes the record,
 * not the log). As a safety net, email addresses are removed from `changes` and `reason` here.
 */
export async function recordEvent<A extends AuditAction>(
  tx: Executor,
  actor: Actor,
  change: ChangeRecord<A>,
): Promise<void> {
  await tx.insert(eventLog).values({
    actorPersonId: actor.personId,
    actorLabel: actor.personId === null ? withoutEmailAddresses(actor.label) : `person:${actor.personId}`,
    action: change.action,
    subjectType: change.subjectType,
    subjectId: String(change.subjectId),
    hubId: change.hubId ?? null,
    reason: change.reason ? withoutEmailAddresses(change.reason) : null,
    changes: change.changes ? withoutEmailAddresses(change.changes as Record<string, unknown>) : null,
  });
}

/**
 * For the few writes that log in raw SQL for speed (`INSERT INTO event_log (…) SELECT …` over many
 * rows): the row's parts as SQL, each typed from the vocabulary, so the action names, subject types
 * and payload fields are the ones `recordEvent` would accept.
 */
export const EVENT_LOG_COLUMNS =
  'actor_person_id, actor_label, action, subject_type, subject_id, hub_id, changes';

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** An action for raw SQL: a `CASE` over conditions, else the last; all of the one subject type `S`. */
export function actionSql<A extends AuditAction>(
  branches: readonly (readonly [condition: string, action: A])[],
  otherwise: A,
): string {
  if (!branches.length) return literal(otherwise);
  return `CASE ${branches.map(([when, then]) => `WHEN ${when} THEN ${literal(then)}`).join(' ')} ELSE ${literal(otherwise)} END`;
}

/** The subject type of an action, for raw SQL. */
export const subjectTypeSql = (action: AuditAction): string => literal(auditActions[action].subjectType);

/** The fields of an action's payload as SQL expressions, to `jsonb_build_object(…)` (text for a pg query). */
export function payloadSql<A extends AuditAction>(
  _action: A,
  fields: { [K in keyof PayloadOf<A>]?: string },
): string {
  const pairs = Object.entries(fields as Record<string, string | undefined>).filter(
    ([, v]) => v !== undefined,
  );
  return `jsonb_build_object(${pairs.map(([k, v]) => `${literal(k)}, ${v}`).join(', ')})`;
}

/** The same for a Drizzle query, the field values as SQL with their parameters. */
export function payloadQuery<A extends AuditAction>(
  _action: A,
  fields: { [K in keyof PayloadOf<A>]?: SQL },
): SQL {
  const pairs = Object.entries(fields as Record<string, SQL | undefined>).filter(([, v]) => v !== undefined);
  return sql`jsonb_build_object(${sql.join(
    pairs.map(([k, v]) => sql`${sql.raw(literal(k))}, ${v}`),
    sql`, `,
  )})`;
}

/** The fields that differ between two versions of a record, as { field: [before, after] }. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed[key] = [before[key], value];
  }
  return changed;
}
