import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { canManageActivity, canTakeRegister, canViewActivity } from './policy.ts';
import { activityLeads, hubActivities } from './schema.ts';

export type ActivityRow = typeof hubActivities.$inferSelect;
export type NcpRow = typeof ncps.$inferSelect;

export interface LoadedActivity {
  activity: ActivityRow;
  ncp: NcpRow;
  hub: { id: number; slug: string; name: string };
  leadPersonIds: number[];
}

/** An activity with its NCP, hub and the people leading it. */
export async function loadActivity(db: Executor, id: number): Promise<LoadedActivity | null> {
  const [row] = await db
    .select({
      activity: hubActivities,
      ncp: ncps,
      hub: { id: hubs.id, slug: hubs.slug, name: hubs.name },
      leadPersonIds: sql<
        number[]
      >`array(SELECT l.person_id FROM ${activityLeads} l WHERE l.activity_id = ${hubActivities.id})`,
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .innerJoin(hubs, eq(hubs.id, hubActivities.hubId))
    .where(eq(hubActivities.id, id));
  return row ?? null;
}

/**
 * An activity a use case works on, whoever asks (the route has authorised the person already):
 * "not found" when there is no such activity.
 */
export async function activityById(db: Executor, id: number): Promise<LoadedActivity> {
  const loaded = await loadActivity(db, id);
  if (!loaded) throw new NotFoundError('There is no such activity');
  return loaded;
}

export type ActivityNeed = 'view' | 'manage' | 'register';

/**
 * Loads an activity and checks the principal may use it so: an activity they may not see is "not
 * found" (another hub's records do not leak); one they see but may not change is forbidden.
 */
export async function activityFor(
  db: Executor,
  principal: Principal,
  id: number,
  need: ActivityNeed,
): Promise<LoadedActivity> {
  const loaded = await loadActivity(db, id);
  const record = loaded && { hubId: loaded.activity.hubId, leadPersonIds: loaded.leadPersonIds };
  if (!loaded || !record || !canViewActivity(principal, record)) {
    throw new NotFoundError('There is no such activity');
  }
  if (need === 'manage' && !canManageActivity(principal, record)) {
    throw new ForbiddenError('You cannot change this activity');
  }
  if (need === 'register' && !canTakeRegister(principal, record)) {
    throw new ForbiddenError('You cannot take registers for this activity');
  }
  return loaded;
}
