import { sql } from 'drizzle-orm';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { isOpenActivity } from './activity-status.ts';
import { activityFor } from './load-activity.ts';
import { activitySessions, type SessionKind } from './schema.ts';

export interface AddSessionInput {
  kind: SessionKind;
  title: string;
  /** The day (YYYY-MM-DD) and time (HH:MM) in England. */
  date: string;
  time: string;
  location?: string;
}

/** Adds a dated session (a TRG, workshop, school visit…) to an activity. */
export async function addSession(
  tx: Executor,
  principal: Principal,
  activityId: number,
  input: AddSessionInput,
): Promise<{ id: number }> {
  const { activity } = await activityFor(tx, principal, activityId, 'manage');
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
  await recordEvent(tx, actorOf(principal), {
    action: 'activity.session_added',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    changes: { sessionId: row!.id, kind: input.kind, title: input.title, startsAt: local },
  });
  return { id: row!.id };
}
