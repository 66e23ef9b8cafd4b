import { eq, lt, or } from 'drizzle-orm';
import { type Actor, personActor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import { people } from '../people/schema.ts';
import { sessions } from './schema.ts';

/** A session ends SESSION_HOURS after signing in, or after SESSION_IDLE_MINUTES without a request. */
export const SESSION_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;

/** Starts a session for a person; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Executor, personId: number): Promise<string> {
  const token = randomToken();
  await db.insert(sessions).values({
    id: sha256(token),
    personId,
    csrfToken: randomToken(16),
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
  });
  return token;
}

export async function endSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Ends every session of a person (signing out everywhere; a role ended or removed, so that no page is
 * open on what they held). Returns how many there were. Their API tokens are not touched.
 */
export async function revokeSessionsOf(db: Executor, personId: number): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(eq(sessions.personId, personId))
    .returning({ id: sessions.id });
  return gone.length;
}

/** Deletes the sessions that have ended (past their absolute end, or idle too long); returns how many. */
export async function deleteEndedSessions(db: Executor, now = new Date()): Promise<number> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000);
  const gone = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)))
    .returning({ id: sessions.id });
  return gone.length;
}

export type SignInMethod = 'code' | 'password' | 'demo';

/**
 * Signs a person in: a new session and a sign-in event, in one transaction. A session the browser
 * already had is ended, so a session token never outlives a change of person.
 */
export async function signIn(
  db: Database,
  input: { personId: number; method: SignInMethod; previousSessionId?: string | null },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [person] = await tx.select().from(people).where(eq(people.id, input.personId));
    if (!person) throw new Error(`No person ${input.personId} to sign in`);
    if (input.previousSessionId) await endSession(tx, input.previousSessionId);
    const token = await createSession(tx, person.id);
    await recordEvent(tx, personActor(person.id), {
      action: 'person.signed_in',
      subjectType: 'person',
      subjectId: person.id,
      changes: { method: input.method },
    });
    return token;
  });
}

/** Ends a session and records the sign-out. */
export async function signOut(db: Database, actor: Actor, input: { sessionId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await endSession(tx, input.sessionId);
    await recordEvent(tx, actor, {
      action: 'person.signed_out',
      subjectType: 'person',
      subjectId: actor.personId ?? 'unknown',
    });
  });
}

/** Signs a person out of every browser: all their sessions end, and the sign-out is recorded. */
export async function signOutEverywhere(
  db: Database,
  actor: Actor,
  input: { personId: number },
): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await revokeSessionsOf(tx, input.personId);
    await recordEvent(tx, actor, {
      action: 'person.signed_out_everywhere',
      subjectType: 'person',
      subjectId: input.personId,
      changes: { sessionsEnded: ended },
    });
    return ended;
  });
}
