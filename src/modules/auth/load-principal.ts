import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { preparedRows } from '../../platform/prepared.ts';
import type { Principal } from '../../platform/principal.ts';
import { sha256 } from '../../platform/tokens.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { sessions } from './schema.ts';
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

/** The roles of person `p` today, as JSON (what `loadPrincipal` reads), for the one-statement lookups. */
const rolesToday = sql`coalesce((
  SELECT json_agg(json_build_object('role', r.role, 'title', r.title, 'hubId', r.hub_id, 'schoolUrn', r.school_urn, 'ncpKey', r.ncp_key, 'laCode', r.la_code) ORDER BY r.id)
  FROM role_assignments r
  WHERE r.person_id = p.id AND (r.starts_on IS NULL OR r.starts_on <= current_date)
    AND (r.ends_on IS NULL OR r.ends_on > current_date)), '[]')`;

/** How often a session's last request (and an API token's last use) is written down (its idle timeout counts from it). */
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
      ${rolesToday} AS roles
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

/**
 * The person an API token signs in, with the roles they hold today: one statement, as it runs on every
 * API request. A revoked token or a disabled person finds nothing. Like a session's last request, the
 * token's last use is written down at most once a minute (in the same statement), so a client making
 * many requests does not commit a write for each; and that write's commit does not wait for the disk
 * (`synchronous_commit` off for its transaction alone), as nothing a person was told depends on it.
 */
export async function principalForApiToken(db: Executor, token: string): Promise<Principal | null> {
  const rows = await preparedRows<Omit<SessionRow, 'last_seen_at'>>(
    db,
    sql`
    WITH token AS (
      SELECT id, person_id, last_used_at FROM api_tokens WHERE token_hash = ${sha256(token)} AND revoked_at IS NULL
    ), touched AS (
      UPDATE api_tokens t SET last_used_at = now() FROM token
      WHERE t.id = token.id AND (token.last_used_at IS NULL OR token.last_used_at < now() - interval '${sql.raw(String(TOUCH_EVERY_MS / 1000))} seconds')
        -- Bookkeeping: the commit need not wait for the disk (a crash could lose the last moment's touch).
        AND set_config('synchronous_commit', 'off', true) = 'off'
    )
    SELECT p.id AS person_id, p.email, p.given_name, p.family_name, p.password_hash IS NOT NULL AS has_password,
      ${rolesToday} AS roles
    FROM token JOIN people p ON p.id = token.person_id
    WHERE p.disabled_at IS NULL`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    personId: row.person_id,
    email: row.email,
    displayName: `${row.given_name} ${row.family_name}`,
    hasPassword: row.has_password,
    roles: row.roles,
    via: 'api-token',
  };
}
