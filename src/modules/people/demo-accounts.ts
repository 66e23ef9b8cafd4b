import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { people, type Role, roleAssignments, roleNames } from './schema.ts';

/** Synthetic demonstration people have addresses at this reserved domain, and only they get shortcuts. */
export const DEMO_EMAIL_DOMAIN = 'demo.mathshubs.example';

export const isDemoEmail = (email: string) => email.toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);

export interface DemoAccount {
  personId: number;
  name: string;
  email: string;
  role: Role;
  roleName: string;
  title: string | null;
  hubId: number | null;
}

/** One demo account per role (and job title), for the sign-in shortcuts shown in development. */
export async function listDemoAccounts(db: Executor): Promise<DemoAccount[]> {
  const rows = await db
    .selectDistinctOn([roleAssignments.role, roleAssignments.title], {
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      role: roleAssignments.role,
      title: roleAssignments.title,
      hubId: roleAssignments.hubId,
    })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(like(sql`lower(${people.email})`, `%@${DEMO_EMAIL_DOMAIN}`)))
    .orderBy(asc(roleAssignments.role), asc(roleAssignments.title), asc(people.id));
  return rows.map((r) => ({
    personId: r.personId,
    name: `${r.givenName} ${r.familyName}`,
    email: r.email,
    role: r.role,
    roleName: roleNames[r.role],
    title: r.title,
    hubId: r.hubId,
  }));
}
