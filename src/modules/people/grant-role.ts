import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { isCurrentRole } from './list-people.ts';
import { canGrantRole } from './policy.ts';
import { roleShapeProblems } from './role-rules.ts';
import { people, type Role, roleAssignments, roleNames } from './schema.ts';
import { hubOfSchool } from './school-hub.ts';

export interface GrantRoleInput {
  personId: number;
  role: Role;
  hubId: number | null;
  schoolUrn: number | null;
  title: string | null;
  reason: string | null;
}

/**
 * Gives a person a role from today, in the caller's transaction, with an event in the role's hub.
 * A school contact's hub is the hub serving the school, whatever the form said.
 */
export async function grantRole(
  tx: Executor,
  actor: Actor,
  principal: Principal,
  input: GrantRoleInput,
): Promise<{ assignmentId: number }> {
  const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId));
  if (!person) throw new NotFoundError('There is no such person');
  const hubId =
    input.role === 'school_contact' && input.schoolUrn !== null
      ? await hubOfSchool(tx, input.schoolUrn)
      : input.hubId;
  const grant = { role: input.role, hubId, schoolUrn: input.schoolUrn };
  const problems = roleShapeProblems(grant);
  if (problems.length) throw new ValidationError(problems);
  if (!canGrantRole(principal, grant)) {
    throw new ForbiddenError(
      `You cannot give the ${roleNames[input.role]} role ${hubId ? 'in this hub' : 'here'}`,
    );
  }
  const [duplicate] = await tx
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, input.personId),
        eq(roleAssignments.role, input.role),
        hubId === null ? isNull(roleAssignments.hubId) : eq(roleAssignments.hubId, hubId),
        input.schoolUrn === null
          ? isNull(roleAssignments.schoolUrn)
          : eq(roleAssignments.schoolUrn, input.schoolUrn),
        isCurrentRole,
      ),
    );
  if (duplicate) throw new ValidationError([{ field: 'role', message: 'They already have this role' }]);
  const [row] = await tx
    .insert(roleAssignments)
    .values({ ...grant, personId: input.personId, title: input.title, startsOn: sql`current_date` })
    .returning({ id: roleAssignments.id });
  await recordEvent(tx, actor, {
    action: 'role.granted',
    subjectType: 'person',
    subjectId: input.personId,
    hubId,
    reason: input.reason,
    changes: {
      assignmentId: row!.id,
      role: input.role,
      title: input.title,
      hubId,
      schoolUrn: input.schoolUrn,
    },
  });
  return { assignmentId: row!.id };
}
