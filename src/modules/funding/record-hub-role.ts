import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadActivity } from '../activities/load-activity.ts';
import { refreshActivityStatement } from './refresh-statements.ts';
import { activityFundingRoles } from './schema.ts';

export interface RecordHubRoleInput {
  activityId: number;
  /** The role's key as the NCP's `grant_by_role` rule names it (like `secondary_non_hosting`). */
  role: string;
}

/**
 * The national team records a hub's role for an activity paid by role (the China exchange): the one
 * role of the activity, replacing any recorded before, with an event; the hub's statement follows.
 */
export async function recordHubRole(
  db: Database,
  actor: Actor,
  input: RecordHubRoleInput,
): Promise<{ activityId: number; title: string; hubId: number }> {
  const { activityId, role } = input;
  if (!Number.isInteger(activityId) || activityId < 1 || !/^[a-z0-9_]{1,50}$/.test(role))
    throw new ValidationError([{ field: 'role', message: 'Choose the hub’s role' }]);
  const activity = (await loadActivity(db, activityId))?.activity;
  if (!activity) throw new NotFoundError('There is no such activity');
  await db.transaction(async (tx) => {
    await tx
      .insert(activityFundingRoles)
      .values({ activityId, role })
      .onConflictDoUpdate({ target: activityFundingRoles.activityId, set: { role } });
    await recordEvent(tx, actor, {
      action: 'funding.role_recorded',
      subjectType: 'hub_activity',
      subjectId: activityId,
      hubId: activity.hubId,
      changes: { role },
    });
    await refreshActivityStatement(tx, actor, activityId);
  });
  return { activityId, title: activity.title, hubId: activity.hubId };
}
