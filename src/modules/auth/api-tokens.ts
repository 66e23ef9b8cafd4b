import { and, desc, eq, isNull } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import { apiTokens } from './schema.ts';

export type ApiToken = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

/** The prefix makes a leaked token easy to recognise (for example by secret scanners). */
export const API_TOKEN_PREFIX = 'mhp_';
export const newApiToken = () => `${API_TOKEN_PREFIX}${randomToken(32)}`;

export async function listApiTokens(db: Executor, personId: number): Promise<ApiToken[]> {
  return db
    .select({
      id: apiTokens.id,
      personId: apiTokens.personId,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Creates a personal API token. The token is returned once; only its hash is kept. */
export async function createApiToken(
  db: Database,
  actor: Actor,
  input: { personId: number; name: string },
): Promise<{ id: number; token: string }> {
  const token = newApiToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ personId: input.personId, name: input.name, tokenHash: sha256(token) })
      .returning({ id: apiTokens.id });
    await recordEvent(tx, actor, {
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: row!.id,
      changes: { name: input.name, personId: input.personId },
    });
    return { id: row!.id, token };
  });
}

/** A token's owner, for the route's record rule (`canManageApiToken`); null if there is no such token. */
export async function findApiToken(
  db: Executor,
  query: { tokenId: number },
): Promise<{ personId: number } | null> {
  const [token] = await db
    .select({ personId: apiTokens.personId })
    .from(apiTokens)
    .where(eq(apiTokens.id, query.tokenId));
  return token ?? null;
}

/** Revokes a token (the route has checked that it is the person's own); revoking twice changes nothing. */
export async function revokeApiToken(db: Database, actor: Actor, input: { tokenId: number }): Promise<void> {
  await db.transaction(async (tx) => {
    const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, input.tokenId)).for('update');
    if (!token) throw new NotFoundError('There is no such API token');
    if (token.revokedAt) return;
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)));
    await recordEvent(tx, actor, {
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: token.id,
      changes: { name: token.name, personId: token.personId },
    });
  });
}

/** Revokes every API token of a person that is not revoked yet (a merged-away record); returns how many. */
export async function revokeApiTokensOf(db: Executor, personId: number): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}
