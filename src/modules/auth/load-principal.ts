import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { preparedRows } from '../../platform/prepared.ts';
import type { Principal } from '../../platform/principal.ts';
import { sha256 } from '../../platform/tokens.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { apiTokens, sessions } from './schema.ts';
import { SESSION_IDLE_MINUTES } from './sessions.ts';

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
      ncpKey: roleAssignments.ncpKey,
      laCode: roleAssignments.laCode,
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

type SessionRow = {
  person_id: number;
  last_seen_at: Date | string;
  email: string;
  given_name: string;
  family_name: string;
  has_password: boolean;
  roles: Principal['roles'];
};

/** How often a session's last request is written down (its idle timeout counts from it). */
const TOUCH_EVERY_MS = 60_000;

/**
 * The person a session cookie's token signs in, with the roles they hold today: one statement, as it
 * runs on every request of a signed-in person. An expired, idle (no request for SESSION_IDLE_MINUTES)
 * or signed-out session (its row deleted) or a disabled person finds nothing. The session's last
 * request is written down at most once a minute.
 */
export async function principalForSession(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<SessionPrincipal | null> {
  const id = sha256(token);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000);
  const rows = await preparedRows<SessionRow>(
    db,
    sql`
    SELECT p.id AS person_id, s.last_seen_at, p.email, p.given_name, p.family_name, p.password_hash IS NOT NULL AS has_password,
      coalesce((
        SELECT json_agg(json_build_object('role', r.role, 'title', r.title, 'hubId', r.hub_id, 'schoolUrn', r.school_urn, 'ncpKey', r.ncp_key, 'laCode', r.la_code) ORDER BY r.id)
        FROM role_assignments r
        WHERE r.person_id = p.id AND (r.starts_on IS NULL OR r.starts_on <= current_date)
          AND (r.ends_on IS NULL OR r.ends_on > current_date)), '[]') AS roles
    FROM sessions s JOIN people p ON p.id = s.person_id
    WHERE s.id = ${id} AND s.expires_at > ${now.toISOString()} AND s.last_seen_at > ${idleSince.toISOString()}
      AND p.disabled_at IS NULL`,
  );
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return {
    principal: {
      personId: row.person_id,
      email: row.email,
      displayName: `${row.given_name} ${row.family_name}`,
      hasPassword: row.has_password,
      roles: row.roles,
      via: 'session',
    },
    sessionId: id,
  };
}

export async function principalForApiToken(db: Executor, token: string): Promise<Principal | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .returning({ personId: apiTokens.personId });
  return row ? loadPrincipal(db, row.personId, 'api-token') : null;
}
