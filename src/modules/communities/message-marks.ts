/** What people do to messages and threads besides writing them: boost, pin, answer, read, notification levels. */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import { type MessageContext, markRead, type ThreadContext } from './messages.ts';
import {
  communityBoosts,
  communitySubscriptions,
  communityThreads,
  type NotificationLevel,
} from './schema.ts';
import { ensureSpaceRow, type Space } from './spaces.ts';

/** A boost (a short acknowledgement), or taking it back: it notifies no one. */
export async function toggleBoost(
  db: Executor,
  actor: Actor,
  input: { message: MessageContext; hubId: number | null },
): Promise<{ boosted: boolean }> {
  if (!input.message.published || input.message.deleted)
    throw new ConflictError('This message cannot be boosted');
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(communityBoosts)
      .where(
        and(
          eq(communityBoosts.messageId, input.message.messageId),
          eq(communityBoosts.personId, actor.personId!),
        ),
      )
      .returning();
    if (!removed.length)
      await tx
        .insert(communityBoosts)
        .values({ messageId: input.message.messageId, personId: actor.personId! });
    await recordEvent(tx, actor, {
      action: removed.length ? 'community_message.unboosted' : 'community_message.boosted',
      subjectType: 'community_message',
      subjectId: input.message.messageId,
      hubId: input.hubId,
      changes: { threadId: input.message.threadId },
    });
    return { boosted: !removed.length };
  });
}

/** A lead of the space pins a thread to the top of its front page, or unpins it. */
export async function setPinned(
  db: Executor,
  actor: Actor,
  input: { thread: ThreadContext; hubId: number | null; pinned: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(communityThreads)
      .set(
        input.pinned
          ? { pinnedAt: sql`now()`, pinnedByPersonId: actor.personId }
          : { pinnedAt: null, pinnedByPersonId: null },
      )
      .where(eq(communityThreads.id, input.thread.threadId));
    await recordEvent(tx, actor, {
      action: input.pinned ? 'community_thread.pinned' : 'community_thread.unpinned',
      subjectType: 'community_thread',
      subjectId: input.thread.threadId,
      hubId: input.hubId,
      changes: {},
    });
  });
}

/** The thread's author or a lead marks a reply as the answer (or takes the mark off it). */
export async function markAnswer(
  db: Executor,
  actor: Actor,
  input: { message: MessageContext; hubId: number | null },
): Promise<void> {
  if (!input.message.published || input.message.deleted || input.message.isFirst)
    throw new ConflictError('Only a reply can be marked as the answer');
  await db.transaction(async (tx) => {
    const [thread] = await tx
      .select({ answered: communityThreads.answeredMessageId })
      .from(communityThreads)
      .where(eq(communityThreads.id, input.message.threadId))
      .for('update');
    const unmark = thread?.answered === input.message.messageId;
    await tx
      .update(communityThreads)
      .set(
        unmark
          ? { answeredMessageId: null, answeredByPersonId: null }
          : { answeredMessageId: input.message.messageId, answeredByPersonId: actor.personId },
      )
      .where(eq(communityThreads.id, input.message.threadId));
    await recordEvent(tx, actor, {
      action: unmark ? 'community_thread.answer_unmarked' : 'community_thread.answered',
      subjectType: 'community_thread',
      subjectId: input.message.threadId,
      hubId: input.hubId,
      changes: { messageId: input.message.messageId },
    });
  });
}

/** The person has read the thread up to its last message (a button: a GET never writes). */
export async function markThreadRead(
  db: Executor,
  actor: Actor,
  input: { thread: ThreadContext; hubId: number | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await markRead(tx, actor.personId!, input.thread.threadId);
    await recordEvent(tx, actor, {
      action: 'community_thread.read',
      subjectType: 'community_thread',
      subjectId: input.thread.threadId,
      hubId: input.hubId,
      changes: {},
    });
  });
}

/**
 * A person's notification level for a space or a thread: everything, mentions of them only, or nothing
 * (on a thread: unsubscribed). A thread's level wins over its space's; with neither, everything.
 */
export async function setNotificationLevel(
  db: Executor,
  actor: Actor,
  input: { space: Space; threadId?: number; level: NotificationLevel },
): Promise<void> {
  await db.transaction(async (tx) => {
    const spaceId = await ensureSpaceRow(tx, input.space, actor.personId);
    const personId = actor.personId!;
    if (input.threadId) {
      await tx
        .insert(communitySubscriptions)
        .values({ personId, threadId: input.threadId, level: input.level })
        .onConflictDoUpdate({
          target: [communitySubscriptions.personId, communitySubscriptions.threadId],
          targetWhere: sql`${communitySubscriptions.threadId} IS NOT NULL`,
          set: { level: input.level, updatedAt: sql`now()` },
        });
    } else {
      await tx
        .insert(communitySubscriptions)
        .values({ personId, spaceId, level: input.level })
        .onConflictDoUpdate({
          target: [communitySubscriptions.personId, communitySubscriptions.spaceId],
          targetWhere: sql`${communitySubscriptions.spaceId} IS NOT NULL`,
          set: { level: input.level, updatedAt: sql`now()` },
        });
    }
    await recordEvent(tx, actor, {
      action: 'community_subscription.changed',
      subjectType: 'community_space',
      subjectId: spaceId,
      hubId: input.space.hubId,
      changes: { threadId: input.threadId ?? null, level: input.level },
    });
  });
}

/** A person's levels for a space and (optionally) a thread. */
export async function notificationLevels(
  db: Executor,
  query: { personId: number; spaceId: number | null; threadId?: number },
): Promise<{ space: NotificationLevel; thread: NotificationLevel | null }> {
  const rows = await db
    .select({
      spaceId: communitySubscriptions.spaceId,
      threadId: communitySubscriptions.threadId,
      level: communitySubscriptions.level,
    })
    .from(communitySubscriptions)
    .where(
      and(
        eq(communitySubscriptions.personId, query.personId),
        sql`(${communitySubscriptions.spaceId} = ${query.spaceId ?? 0} OR ${communitySubscriptions.threadId} = ${query.threadId ?? 0})`,
      ),
    );
  return {
    space: rows.find((r) => r.spaceId !== null)?.level ?? 'all',
    thread: rows.find((r) => r.threadId !== null)?.level ?? null,
  };
}
