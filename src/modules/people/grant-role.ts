import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { currentRoleAssignment, insertRoleAssignment } from './add-people.ts';
import { canGrantRole } from './policy.ts';
import { isLaOfHub, ncpKeyExists } from './role-options.ts';
import { roleShapeProblems } from './role-rules.ts';
import { people, type Role, roleNames } from './schema.ts';
import { schoolContactHub } from './school-hub.ts';

export interface GrantRoleInput {
  personId: number;
  role: Role;
  hubId: number | null;
  schoolUrn: number | null;
  /** An NCP role's NCP key ('09'); a local authority partner's LA code (one of the hub's). */
  ncpKey?: string | null;
  laCode?: string | null;
  title: string | null;
  reason: string | null;
  /** Hub leadership's reason for a school contact of a school outside their hub's area (required then). */
  outOfAreaReason?: string | null;
}

/**
 * Gives a person a role from today, with an event in the role's hub (in its own transaction, or a
 * savepoint of the caller's). A school contact's hub is the hub serving the school, whatever the form
 * said. `by` is the person granting: a role is given only where they may give it (`canGrantRole`).
 */
export async function grantRole(
  db: Executor,
  actor: Actor,
  input: GrantRoleInput & { by: Principal },
): Promise<{ assignmentId: number }> {
  const { by, ...role } = input;
  return db.transaction((tx) => grantRoleIn(tx, actor, by, role));
}

async function grantRoleIn(
  tx: Executor,
  actor: Actor,
  principal: Principal,
  input: GrantRoleInput,
): Promise<{ assignmentId: number }> {
  const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, input.personId));
  if (!person) throw new NotFoundError('There is no such person');
  const contact =
    input.role === 'school_contact' && input.schoolUrn !== null
      ? await schoolContactHub(tx, principal, {
          schoolUrn: input.schoolUrn,
          hubId: input.hubId,
          outOfAreaReason: input.outOfAreaReason,
        })
      : null;
  const hubId = contact ? contact.hubId : input.hubId;
  const outOfAreaReason = contact?.outOfAreaReason ?? null;
  const grant = {
    role: input.role,
    hubId,
    schoolUrn: input.schoolUrn,
    ncpKey: input.ncpKey ?? null,
    laCode: input.laCode ?? null,
  };
  const problems = roleShapeProblems(grant);
  if (problems.length) throw new ValidationError(problems);
  if (!canGrantRole(principal, grant)) {
    throw new ForbiddenError(
      `You cannot give the ${roleNames[input.role]} role ${hubId ? 'in this hub' : 'here'}`,
    );
  }
  if (grant.ncpKey !== null && !(await ncpKeyExists(tx, grant.ncpKey))) {
    throw new ValidationError([{ field: 'ncpKey', message: 'Choose an NCP from the list' }]);
  }
  if (grant.laCode !== null && hubId !== null && !(await isLaOfHub(tx, hubId, grant.laCode))) {
    throw new ValidationError([
      { field: 'laCode', message: 'Choose a local authority in the hub’s area (the hub chosen)' },
    ]);
  }
  if (await currentRoleAssignment(tx, { ...grant, personId: input.personId })) {
    throw new ValidationError([{ field: 'role', message: 'They already have this role' }]);
  }
  const assignmentId = await insertRoleAssignment(tx, actor, {
    ...grant,
    personId: input.personId,
    title: input.title,
    // The reason for a school outside the hub's area first, then any other reason given.
    reason: [outOfAreaReason, input.reason].filter(Boolean).join('; ') || null,
    logged: outOfAreaReason ? { outsideHubArea: true } : undefined,
  });
  return { assignmentId };
}
