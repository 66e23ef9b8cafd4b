import { and, asc, count, eq, exists, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { type HubScope, hubScopeCondition } from '../../platform/hub-scope.ts';
import { hubs } from '../hubs/schema.ts';
import { people, type Role, roleAssignments, roleNames } from './schema.ts';

export interface PersonRoleSummary {
  roleName: string;
  title: string | null;
  hubName: string | null;
  schoolUrn: number | null;
}

export interface PersonSummary {
  id: number;
  name: string;
  email: string;
  disabled: boolean;
  roles: PersonRoleSummary[];
}

/** A role assignment in force today (the same rule that loads a signed-in person's roles). */
export const isCurrentRole = and(
  or(isNull(roleAssignments.startsOn), sql`${roleAssignments.startsOn} <= current_date`),
  or(isNull(roleAssignments.endsOn), sql`${roleAssignments.endsOn} > current_date`),
);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * People within a scope matching a search of name or email, by family name, with their current roles
 * (for hub leadership, only the roles in their hubs). Hub leadership see people who have or had a role
 * in their hub.
 */
export async function listPeople(
  db: Executor,
  scope: HubScope,
  input: { query: string; page: number; pageSize: number },
): Promise<{ total: number; people: PersonSummary[] }> {
  const inHub = hubScopeCondition(scope, roleAssignments.hubId);
  const pattern = `%${escapeLike(input.query.trim())}%`;
  const where: SQL | undefined = and(
    input.query.trim()
      ? or(
          ilike(people.email, pattern),
          ilike(sql`${people.givenName} || ' ' || ${people.familyName}`, pattern),
        )
      : undefined,
    inHub
      ? exists(
          db
            .select({ one: sql`1` })
            .from(roleAssignments)
            .where(and(eq(roleAssignments.personId, people.id), inHub)),
        )
      : undefined,
  );
  const [totals] = await db.select({ total: count() }).from(people).where(where);
  const rows = await db
    .select()
    .from(people)
    .where(where)
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const ids = rows.map((p) => p.id);
  const grants = ids.length
    ? await db
        .select({
          personId: roleAssignments.personId,
          role: roleAssignments.role,
          title: roleAssignments.title,
          hubName: hubs.name,
          schoolUrn: roleAssignments.schoolUrn,
        })
        .from(roleAssignments)
        .leftJoin(hubs, eq(hubs.id, roleAssignments.hubId))
        .where(and(inArray(roleAssignments.personId, ids), isCurrentRole, inHub))
        .orderBy(asc(roleAssignments.role), asc(roleAssignments.id))
    : [];
  return {
    total: totals?.total ?? 0,
    people: rows.map((p) => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      email: p.email,
      disabled: p.disabledAt !== null,
      roles: grants
        .filter((g) => g.personId === p.id)
        .map((g) => ({
          roleName: roleNames[g.role as Role],
          title: g.title,
          hubName: g.hubName,
          schoolUrn: g.schoolUrn,
        })),
    })),
  };
}
