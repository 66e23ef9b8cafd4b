import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { sha256 } from '../../platform/tokens.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { apiTokens, sessions } from './schema.ts';

/** The roles a person holds today (assignments without dates, or whose dates include today). */
export async function loadPrincipal(
  db: Executor,
  personId: number,
  via: Principal['via'],
): Promise<Principal | null> {
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, personId), isNull(people.disabledAt)));
  if (!person) return null;
  const today = sql`current_date`;
  const grants = await db
    .select({
      role: roleAssignments.role,
      title: roleAssignments.title,
      hubId: roleAssignments.hubId,
      schoolUrn: roleAssignments.schoolUrn,
    })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, personId),
        or(isNull(roleAssignments.startsOn), lte(roleAssignments.startsOn, today)),
        or(isNull(roleAssignments.endsOn), gt(roleAssignments.endsOn, today)),
      ),
    );
  return {
    personId: person.id,
    email: person.email,
    displayName: `${person.givenName} ${person.familyName}`,
    hasPassword: person.passwordHash !== null,
    roles: grants,
    via,
  };
}

export interface SessionPrincipal {
  principal: Principal;
  sessionId: string;
}

export async function principalForSession(db: Executor, token: string): Promise<SessionPrincipal | null> {
  const id = sha256(token);
  const [session] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  if (!session) return null;
  const principal = await loadPrincipal(db, session.personId, 'session');
  return principal ? { principal, sessionId: id } : null;
}

export async function principalForApiToken(db: Executor, token: string): Promise<Principal | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .returning({ personId: apiTokens.personId });
  return row ? loadPrincipal(db, row.personId, 'api-token') : null;
}
