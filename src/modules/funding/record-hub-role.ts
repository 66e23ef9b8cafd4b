import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { loadActivity } from '../activities/load-activity.ts';
import { refreshActivityStatement } from './refresh-statements.ts';
import { ruleSetOf } from './rules-for-year.ts';
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
  const loaded = await loadActivity(db, activityId);
  if (!loaded) throw new NotFoundError('There is no such activity');
  const { activity, ncp } = loaded;
  // Only a role the NCP's rules pay for that year (a typing mistake would pay nothing).
  const { rules } = await ruleSetOf(db, { yearCode: activity.yearCode, ncpCode: ncp.code });
  const roles = rules.flatMap((r) => (r.kind === 'grant_by_role' ? r.roles.map((x) => x.role) : []));
  if (!roles.length)
    throw new ValidationError([
      {
        field: 'role',
        message: `${ncp.code} does not pay by the hub’s role in ${activity.yearCode}, so “${activity.title}” has no role to record`,
      },
    ]);
  if (!roles.includes(role))
    throw new ValidationError([
      { field: 'role', message: `${role} is not a role of ${ncp.code}: choose ${roles.join(', ')}` },
    ]);
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
