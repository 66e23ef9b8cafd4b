import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { hubActivities } from '../activities/schema.ts';
import { loadActivity } from './load-activity.ts';

/** Lets people register for an activity from the hub's offer page, or only register interest. Logged. */
export async function setDirectRegistration(
  db: Executor,
  actor: Actor,
  input: { activityId: number; open: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { activity, hub } = await loadActivity(tx, input.activityId);
    if (activity.openForDirectRegistration === input.open) return;
    await tx
      .update(hubActivities)
      .set({ openForDirectRegistration: input.open })
      .where(eq(hubActivities.id, input.activityId));
    await recordEvent(tx, actor, {
      action: 'activity.direct_registration',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: hub.id,
      changes: { open: input.open },
    });
  });
}
