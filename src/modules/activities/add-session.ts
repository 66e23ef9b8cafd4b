import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import { isOpenActivity } from './activity-status.ts';
import { activityById } from './load-activity.ts';
import { activitySessions, type SessionKind } from './schema.ts';

export interface AddSessionInput {
  activityId: number;
  kind: SessionKind;
  title: string;
  /** The day (YYYY-MM-DD) and time (HH:MM) in England. */
  date: string;
  time: string;
  location?: string;
}

/** Adds a dated session (a TRG, workshop, school visit…) to an activity. */
export async function addSession(
  db: Executor,
  actor: Actor,
  input: AddSessionInput,
): Promise<{ id: number }> {
  return db.transaction((tx) => addSessionIn(tx, actor, input));
}

async function addSessionIn(tx: Executor, actor: Actor, input: AddSessionInput): Promise<{ id: number }> {
  const { activityId } = input;
  const { activity } = await activityById(tx, activityId);
  if (!isOpenActivity(activity.status)) {
    throw new ConflictError(`The activity is ${activity.status}: sessions cannot be added`);
  }
  const local = `${input.date} ${input.time.padStart(5, '0')}`;
  const [row] = await tx
    .insert(activitySessions)
    .values({
      activityId,
      kind: input.kind,
      title: input.title,
      startsAt: sql`(${local}::timestamp at time zone 'Europe/London')`,
      location: input.location ?? null,
    })
    .returning({ id: activitySessions.id });
  await recordEvent(tx, actor, {
    action: 'activity.session_added',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    changes: { sessionId: row!.id, kind: input.kind, title: input.title, startsAt: local },
  });
  return { id: row!.id };
}
