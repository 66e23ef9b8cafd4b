import { asc, eq, inArray, sql } from 'drizzle-orm';
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
  /** An NCP role's NCP key; a local authority partner's LA code. */
  ncpKey: string | null;
  laCode: string | null;
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
      ncpKey: roleAssignments.ncpKey,
      laCode: roleAssignments.laCode,
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

/** The school a person gave as theirs (null if none, or no such person). */
export async function schoolUrnOf(db: Executor, personId: number): Promise<number | null> {
  const [row] = await db.select({ schoolUrn: people.schoolUrn }).from(people).where(eq(people.id, personId));
  return row?.schoolUrn ?? null;
}

/** The email addresses of these people, by id (ids of no one are left out). */
export async function emailsOf(db: Executor, personIds: number[]): Promise<Map<number, string>> {
  if (!personIds.length) return new Map();
  const rows = await db
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(inArray(people.id, personIds));
  return new Map(rows.map((p) => [p.id, p.email]));
}

/** A person's own record (the signed-in person's, for their account pages). */
export async function getOwnRecord(db: Executor, personId: number): Promise<typeof people.$inferSelect> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) throw new NotFoundError('There is no such person');
  return person;
}
