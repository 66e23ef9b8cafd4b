import { userInfo } from 'node:os';
import { events } from './audit-schema.ts';
import type { Executor } from './database.ts';
import type { Principal } from './principal.ts';

/** Who is making a change: a signed-in person, or the system/CLI acting for someone. */
export interface Actor {
  personId: number | null;
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

/** The signed-in person as the author of a change in the event log. */
export const actorOf = (principal: Principal): Actor => ({
  personId: principal.personId,
  label: `${principal.displayName} (${principal.email})`,
});

export interface ChangeRecord {
  action: string;
  subjectType: string;
  subjectId: string | number;
  hubId?: number | null;
  reason?: string | null;
  changes?: Record<string, unknown> | null;
}

/** Records a change in the event log. Call it with the transaction that makes the change. */
export async function recordEvent(tx: Executor, actor: Actor, change: ChangeRecord): Promise<void> {
  await tx.insert(events).values({
    actorPersonId: actor.personId,
    actorLabel: actor.label,
    action: change.action,
    subjectType: change.subjectType,
    subjectId: String(change.subjectId),
    hubId: change.hubId ?? null,
    reason: change.reason ?? null,
    changes: change.changes ?? null,
  });
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
