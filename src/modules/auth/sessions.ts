import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import { sessions } from './schema.ts';

export const SESSION_HOURS = 12;

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
