import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { revokeSessionsOf } from '../auth/sessions.ts';
import { isCurrentRole } from './list-people.ts';
import { canEndRole, canSeeRoleAssignment } from './policy.ts';
import { roleAssignments, roleNames } from './schema.ts';

export interface EndRoleTarget {
  personId: number;
  assignmentId: number;
}

/**
 * The current role assignment to end, checked against the policy after loading it: one the principal
 * may not see is "not found", one they see but may not end is forbidden.
 */
export async function findRoleToEnd(tx: Executor, principal: Principal, target: EndRoleTarget, lock = false) {
  const query = tx
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      title: roleAssignments.title,
      hubId: roleAssignments.hubId,
      schoolUrn: roleAssignments.schoolUrn,
      current: sql<boolean>`${isCurrentRole}`,
    })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.id, target.assignmentId), eq(roleAssignments.personId, target.personId)));
  const [assignment] = lock ? await query.for('update') : await query;
  if (!assignment || !canSeeRoleAssignment(principal, assignment))
    throw new NotFoundError('There is no such role');
  if (!canEndRole(principal, assignment)) {
    throw new ForbiddenError(`You cannot end the ${roleNames[assignment.role]} role`);
  }
  if (!assignment.current) throw new ConflictError('This role has already ended');
  return { ...assignment, roleName: roleNames[assignment.role] };
}

/** Ends a role today (it no longer counts from now), recording who ended it and why. */
export async function endRole(
  db: Database,
  actor: Actor,
  { by: principal, ...input }: EndRoleTarget & { reason: string | null; by: Principal },
): Promise<void> {
  await db.transaction(async (tx) => {
    const assignment = await findRoleToEnd(tx, principal, input, true);
    await tx
      .update(roleAssignments)
      .set({ endsOn: sql`current_date` })
      .where(eq(roleAssignments.id, assignment.id));
    // Their open sessions end with it: no page stays open on a role they no longer hold.
    await revokeSessionsOf(tx, input.personId);
    await recordEvent(tx, actor, {
      action: 'role.ended',
      subjectType: 'person',
      subjectId: input.personId,
      hubId: assignment.hubId,
      reason: input.reason,
      changes: {
        assignmentId: assignment.id,
        role: assignment.role,
        title: assignment.title,
        hubId: assignment.hubId,
        schoolUrn: assignment.schoolUrn,
      },
    });
  });
}
