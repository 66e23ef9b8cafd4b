import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type MentionServices, queueMentionMails } from './mention-mail.ts';
import { communityMentions, communityMessages, communityReads, communityThreads } from './schema.ts';
import type { SpaceRef } from './spaces.ts';

/** Limits of what people write (the forms say the same; docs/communities.md). */
export const MESSAGE_MAX = 5000;
export const TITLE_MAX = 150;
/** How long after posting its author may still edit a message. */
export const EDIT_MINUTES = 15;

/** When a message goes out: now, at 8am (the next 8am in England, so nobody posts overnight), or kept as a draft. */
export const postingTimes = ['now', 'morning', 'draft'] as const;
export type PostingTime = (typeof postingTimes)[number];

/** The next 8am in England, in SQL. */
export const nextMorningSql = sql`(CASE WHEN (now() AT TIME ZONE 'Europe/London')::time < time '08:00'
  THEN (now() AT TIME ZONE 'Europe/London')::date ELSE (now() AT TIME ZONE 'Europe/London')::date + 1 END
  + time '08:00') AT TIME ZONE 'Europe/London'`;

export function checkBody(body: string): void {
  if (!body.trim()) throw new ValidationError([{ field: 'body', message: 'Enter your message' }]);
  if (body.length > MESSAGE_MAX)
    throw new ValidationError([
      {
        field: 'body',
        message: `Your message must be ${MESSAGE_MAX.toLocaleString('en-GB')} characters or fewer`,
      },
    ]);
}

/** A message with its thread and space (for the route's membership check), or null. */
export async function messageContext(db: Executor, messageId: number) {
  const { rows } = await db.execute<{
    id: number;
    thread_id: number;
    author_person_id: number;
    body: string;
    published_at: string | null;
    deleted_at: string | null;
    is_draft: boolean;
    scheduled_for: string | null;
    first_message_id: number;
    thread_author_person_id: number;
    thread_published: boolean;
    space_id: number;
    kind: SpaceRef['kind'];
    ref_id: number;
    editable_until: string | null;
  }>(sql`
    SELECT m.id, m.thread_id, m.author_person_id, m.body, m.published_at, m.deleted_at, m.is_draft, m.scheduled_for,
      (SELECT min(f.id) FROM community_messages f WHERE f.thread_id = m.thread_id) AS first_message_id,
      t.author_person_id AS thread_author_person_id, t.published_at IS NOT NULL AS thread_published,
      s.id AS space_id, s.kind, s.ref_id,
      m.published_at + make_interval(mins => ${EDIT_MINUTES}) AS editable_until
    FROM community_messages m JOIN community_threads t ON t.id = m.thread_id JOIN community_spaces s ON s.id = t.space_id
    WHERE m.id = ${messageId}`);
  const r = rows[0];
  if (!r) return null;
  return {
    messageId: r.id,
    threadId: r.thread_id,
    authorPersonId: r.author_person_id,
    body: r.body,
    published: r.published_at !== null,
    deleted: r.deleted_at !== null,
    isDraft: r.is_draft,
    scheduledFor: r.scheduled_for,
    isFirst: r.first_message_id === r.id,
    threadAuthorPersonId: r.thread_author_person_id,
    threadPublished: r.thread_published,
    spaceId: r.space_id,
    space: { kind: r.kind, refId: r.ref_id } as SpaceRef,
    editableUntil: r.editable_until,
  };
}
export type MessageContext = NonNullable<Awaited<ReturnType<typeof messageContext>>>;

/** A thread with its space (for the route's membership check), or null. */
export async function threadContext(db: Executor, threadId: number) {
  const { rows } = await db.execute<{
    id: number;
    title: string;
    author_person_id: number;
    published_at: string | null;
    pinned_at: string | null;
    answered_message_id: number | null;
    space_id: number;
    kind: SpaceRef['kind'];
    ref_id: number;
  }>(sql`
    SELECT t.id, t.title, t.author_person_id, t.published_at, t.pinned_at, t.answered_message_id,
      s.id AS space_id, s.kind, s.ref_id
    FROM community_threads t JOIN community_spaces s ON s.id = t.space_id WHERE t.id = ${threadId}`);
  const r = rows[0];
  if (!r) return null;
  return {
    threadId: r.id,
    title: r.title,
    authorPersonId: r.author_person_id,
    published: r.published_at !== null,
    pinned: r.pinned_at !== null,
    answeredMessageId: r.answered_message_id,
    spaceId: r.space_id,
    space: { kind: r.kind, refId: r.ref_id } as SpaceRef,
  };
}
export type ThreadContext = NonNullable<Awaited<ReturnType<typeof threadContext>>>;

/** Publishes these messages now and brings their threads' counts and times up to date. */
export async function publish(tx: Executor, messageIds: number[]): Promise<void> {
  if (!messageIds.length) return;
  const ids = sql.join(
    messageIds.map((id) => sql`${id}`),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE community_messages SET published_at = now(), is_draft = false, scheduled_for = NULL
    WHERE id IN (${ids}) AND published_at IS NULL`);
  await refreshThreads(tx, sql`SELECT thread_id FROM community_messages WHERE id IN (${ids})`);
}

/** A thread's opening time, last message time and count of replies, from its published messages. */
async function refreshThreads(tx: Executor, threadIds: ReturnType<typeof sql>): Promise<void> {
  await tx.execute(sql`
    WITH firsts AS (
      SELECT thread_id, min(id) AS first_id FROM community_messages WHERE thread_id IN (${threadIds}) GROUP BY thread_id
    ), s AS (
      SELECT m.thread_id, max(m.published_at) AS last,
        count(*) FILTER (WHERE m.id <> f.first_id) AS replies,
        min(m.published_at) FILTER (WHERE m.id = f.first_id) AS opened
      FROM community_messages m JOIN firsts f ON f.thread_id = m.thread_id
      WHERE m.published_at IS NOT NULL GROUP BY m.thread_id
    )
    UPDATE community_threads t SET published_at = s.opened, last_message_at = s.last, reply_count = s.replies
    FROM s WHERE t.id = s.thread_id`);
}

/**
 * Who a text mentions: `@` and the first part of a member's email address (`@sam.patel`). On an edit,
 * the mentions that stay keep their row (and so whether they were emailed); the others go.
 */
export async function recordMentions(
  tx: Executor,
  space: SpaceRef,
  messageId: number,
  body: string,
): Promise<void> {
  const handles = [
    ...new Set(
      [...body.matchAll(/(?:^|[^\w.@])@([a-z0-9][\w.-]*[a-z0-9])/gi)].map((m) => m[1]!.toLowerCase()),
    ),
  ];
  if (!handles.length) {
    await tx.delete(communityMentions).where(eq(communityMentions.messageId, messageId));
    return;
  }
  const list = sql.join(
    handles.slice(0, 50).map((h) => sql`${h}`),
    sql`, `,
  );
  await tx.execute(sql`
    WITH mentioned AS (
      SELECT m.person_id FROM community_space_members(${space.kind}, ${space.refId}) m
      JOIN people p ON p.id = m.person_id WHERE lower(split_part(p.email, '@', 1)) IN (${list})
    ), dropped AS (
      DELETE FROM community_mentions WHERE message_id = ${messageId}
        AND person_id NOT IN (SELECT person_id FROM mentioned)
    )
    INSERT INTO community_mentions (message_id, person_id)
    SELECT ${messageId}, person_id FROM mentioned
    ON CONFLICT DO NOTHING`);
}

export async function markRead(tx: Executor, personId: number, threadId: number): Promise<void> {
  const { rows } = await tx.execute<{ last: number | null }>(sql`
    SELECT max(id) AS last FROM community_messages WHERE thread_id = ${threadId} AND published_at IS NOT NULL`);
  const last = rows[0]?.last;
  if (!last) return;
  await tx
    .insert(communityReads)
    .values({ personId, threadId, lastReadMessageId: last })
    .onConflictDoUpdate({
      target: [communityReads.personId, communityReads.threadId],
      set: { lastReadMessageId: last, readAt: sql`now()` },
    });
}

/** Whether the author may still edit it: a draft or a later post until it goes out, a posted one for EDIT_MINUTES. */
export function canEdit(message: MessageContext, personId: number, now = new Date()): boolean {
  if (message.authorPersonId !== personId || message.deleted) return false;
  if (!message.published) return true;
  return !!message.editableUntil && new Date(message.editableUntil) > now;
}

/** The author edits their message (within EDIT_MINUTES of posting it; a draft at any time). */
export async function editMessage(
  db: Executor,
  actor: Actor,
  input: { message: MessageContext; hubId: number | null; body: string; title?: string },
  services: MentionServices,
): Promise<void> {
  checkBody(input.body);
  let mailed = 0;
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number }>(sql`
      UPDATE community_messages SET body = ${input.body},
        edited_at = CASE WHEN published_at IS NULL THEN NULL ELSE now() END
      WHERE id = ${input.message.messageId} AND author_person_id = ${actor.personId} AND deleted_at IS NULL
        AND (published_at IS NULL OR published_at > now() - make_interval(mins => ${EDIT_MINUTES}))
      RETURNING id`);
    if (!rows.length)
      throw new ConflictError(
        `A message can be edited only in the ${EDIT_MINUTES} minutes after it was posted`,
      );
    if (input.message.isFirst && input.title !== undefined) {
      if (!input.title) throw new ValidationError([{ field: 'title', message: 'Enter a title' }]);
      if (input.title.length > TITLE_MAX)
        throw new ValidationError([
          { field: 'title', message: `The title must be ${TITLE_MAX} characters or fewer` },
        ]);
      await tx
        .update(communityThreads)
        .set({ title: input.title })
        .where(eq(communityThreads.id, input.message.threadId));
    }
    await recordMentions(tx, input.message.space, input.message.messageId, input.body);
    // Someone the edit mentions for the first time is told now (a draft's mentions wait until it is posted).
    mailed = await queueMentionMails(tx, services, [input.message.messageId]);
    await recordEvent(tx, actor, {
      action: 'community_message.edited',
      subjectType: 'community_message',
      subjectId: input.message.messageId,
      hubId: input.hubId,
      changes: { threadId: input.message.threadId },
    });
  });
  if (mailed) services.mailer.kick();
}

/** The author posts their draft (or a message waiting for 8am) now. */
export async function postNow(
  db: Executor,
  actor: Actor,
  input: { message: MessageContext; hubId: number | null },
  services: MentionServices,
): Promise<void> {
  if (input.message.published) throw new ConflictError('This message has already been posted');
  if (input.message.authorPersonId !== actor.personId) throw new NotFoundError('There is no such message');
  if (!input.message.isFirst && !input.message.threadPublished)
    throw new ConflictError('Post the thread’s first message first');
  let mailed = 0;
  await db.transaction(async (tx) => {
    await publish(tx, [input.message.messageId]);
    await markRead(tx, actor.personId!, input.message.threadId);
    mailed = await queueMentionMails(tx, services, [input.message.messageId]);
    await recordEvent(tx, actor, {
      action: 'community_message.published',
      subjectType: 'community_message',
      subjectId: input.message.messageId,
      hubId: input.hubId,
      changes: { threadId: input.message.threadId },
    });
  });
  if (mailed) services.mailer.kick();
}

/**
 * Deletes a message, leaving a trace: who deleted it and when stay in its place; its text is gone. Its
 * author or a lead of the space may.
 */
export async function deleteMessage(
  db: Executor,
  actor: Actor,
  input: { message: MessageContext; hubId: number | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number }>(sql`
      UPDATE community_messages SET deleted_at = now(), deleted_by_person_id = ${actor.personId}, body = ''
      WHERE id = ${input.message.messageId} AND deleted_at IS NULL RETURNING id`);
    if (!rows.length) throw new ConflictError('This message has already been deleted');
    await tx.delete(communityMentions).where(eq(communityMentions.messageId, input.message.messageId));
    await recordEvent(tx, actor, {
      action: 'community_message.deleted',
      subjectType: 'community_message',
      subjectId: input.message.messageId,
      hubId: input.hubId,
      changes: { threadId: input.message.threadId, authorPersonId: input.message.authorPersonId },
    });
  });
}

/**
 * The scheduled-posts job: publishes the messages whose time has come (and only the job: a page
 * showing the thread never does). Returns how many it published.
 */
export async function publishDueMessages(
  db: Executor,
  actor: Actor,
  services: MentionServices,
): Promise<number> {
  let mailed = 0;
  const count = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: communityMessages.id, threadId: communityMessages.threadId })
      .from(communityMessages)
      .where(
        and(
          sql`${communityMessages.publishedAt} IS NULL`,
          eq(communityMessages.isDraft, false),
          sql`${communityMessages.scheduledFor} <= now()`,
          sql`${communityMessages.deletedAt} IS NULL`,
        ),
      )
      .orderBy(communityMessages.id)
      .limit(1000)
      .for('update', { skipLocked: true });
    if (!due.length) return 0;
    await publish(
      tx,
      due.map((d) => d.id),
    );
    mailed = await queueMentionMails(
      tx,
      services,
      due.map((d) => d.id),
    );
    for (const d of due)
      await recordEvent(tx, actor, {
        action: 'community_message.published',
        subjectType: 'community_message',
        subjectId: d.id,
        hubId: null,
        changes: { threadId: d.threadId },
      });
    return due.length;
  });
  if (mailed) services.mailer.kick();
  return count;
}
