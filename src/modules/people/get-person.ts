import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubs } from '../hubs/schema.ts';
import { schools } from '../schools/schema.ts';
import { canEndRole, canSeePerson, canSeeRoleAssignment } from './policy.ts';
import { people, type Role, roleAssignments, roleNames } from './schema.ts';

export interface RoleAssignmentView {
  id: number;
  role: Role;
  roleName: string;
  title: string | null;
  hubId: number | null;
  hubName: string | null;
  schoolUrn: number | null;
  startsOn: string | null;
  endsOn: string | null;
  current: boolean;
  canEnd: boolean;
}

export interface PersonDetail {
  person: typeof people.$inferSelect;
  /** The name of the school they work at now (`person.schoolUrn`). */
  schoolName: string | null;
  roles: RoleAssignmentView[];
}

/**
 * A person with the role assignments the principal may see, each saying whether the principal may end
 * it. Loads first, then checks the policy against what was loaded; a person the principal may not see
 * is "not found", like one who does not exist.
 */
export async function getPerson(db: Executor, principal: Principal, personId: number): Promise<PersonDetail> {
  const [found] = await db
    .select({ person: people, schoolName: schools.name })
    .from(people)
    .leftJoin(schools, eq(schools.urn, people.schoolUrn))
    .where(eq(people.id, personId));
  if (!found) throw new NotFoundError('There is no such person');
  const assignments = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      title: roleAssignments.title,
      hubId: roleAssignments.hubId,
      hubName: hubs.name,
      schoolUrn: roleAssignments.schoolUrn,
      startsOn: roleAssignments.startsOn,
      endsOn: roleAssignments.endsOn,
      current: sql<boolean>`(${roleAssignments.startsOn} IS NULL OR ${roleAssignments.startsOn} <= current_date)
        AND (${roleAssignments.endsOn} IS NULL OR ${roleAssignments.endsOn} > current_date)`,
    })
    .from(roleAssignments)
    .leftJoin(hubs, eq(hubs.id, roleAssignments.hubId))
    .where(eq(roleAssignments.personId, personId))
    .orderBy(asc(roleAssignments.startsOn), asc(roleAssignments.id));
  // Another hub's person is not found: a different answer would tell that they exist.
  if (!canSeePerson(principal, assignments)) throw new NotFoundError('There is no such person');
  return {
    person: found.person,
    schoolName: found.schoolName,
    roles: assignments
      .filter((a) => canSeeRoleAssignment(principal, a))
      .map((a) => ({ ...a, roleName: roleNames[a.role], canEnd: a.current && canEndRole(principal, a) })),
  };
}
