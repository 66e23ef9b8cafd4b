import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import type { SpaceKind } from './schema.ts';
import { type SpaceRef, spaceKey, spaceKindNames, spaceTitleSql } from './spaces.ts';

export const THREADS_A_PAGE = 25;
export const MESSAGES_A_PAGE = 100;
export const SEARCH_RESULTS = 50;

export interface ThreadRow {
  threadId: number;
  title: string;
  authorName: string;
  lastMessageAt: string | null;
  replyCount: number;
  pinned: boolean;
  answered: boolean;
  unread: boolean;
}

/** A space's front page: its pinned threads, then a page of threads by their last message, with unread markers. */
export async function spaceFrontPage(
  db: Executor,
  query: { spaceId: number | null; personId: number; page: number },
): Promise<{
  pinned: ThreadRow[];
  threads: ThreadRow[];
  total: number;
  drafts: { messageId: number; threadId: number; title: string; scheduledFor: string | null }[];
}> {
  if (!query.spaceId) return { pinned: [], threads: [], total: 0, drafts: [] };
  const columns = sql`t.id AS thread_id, t.title, p.given_name || ' ' || p.family_name AS author_name,
      t.last_message_at, t.reply_count, t.pinned_at IS NOT NULL AS pinned, t.answered_message_id IS NOT NULL AS answered,
      NOT EXISTS (SELECT 1 FROM community_reads r WHERE r.person_id = ${query.personId} AND r.thread_id = t.id
        AND r.read_at >= t.last_message_at) AS unread`;
  type Row = {
    thread_id: number;
    title: string;
    author_name: string;
    last_message_at: string | null;
    reply_count: number;
    pinned: boolean;
    answered: boolean;
    unread: boolean;
  };
  const [pinned, page, total, drafts] = await readsAtOnce(db, [
    () =>
      db.execute<Row>(sql`SELECT ${columns} FROM community_threads t JOIN people p ON p.id = t.author_person_id
      WHERE t.space_id = ${query.spaceId} AND t.published_at IS NOT NULL AND t.pinned_at IS NOT NULL
      ORDER BY t.pinned_at DESC LIMIT 20`),
    () =>
      db.execute<Row>(sql`SELECT ${columns} FROM community_threads t JOIN people p ON p.id = t.author_person_id
      WHERE t.space_id = ${query.spaceId} AND t.published_at IS NOT NULL AND t.pinned_at IS NULL
      ORDER BY t.last_message_at DESC, t.id DESC
      LIMIT ${THREADS_A_PAGE} OFFSET ${(query.page - 1) * THREADS_A_PAGE}`),
    () =>
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM community_threads t
      WHERE t.space_id = ${query.spaceId} AND t.published_at IS NOT NULL AND t.pinned_at IS NULL`),
    () =>
      db.execute<{ id: number; thread_id: number; title: string; scheduled_for: string | null }>(sql`
      SELECT m.id, m.thread_id, t.title, m.scheduled_for FROM community_messages m
      JOIN community_threads t ON t.id = m.thread_id
      WHERE t.space_id = ${query.spaceId} AND m.author_person_id = ${query.personId}
        AND m.published_at IS NULL AND m.deleted_at IS NULL
      ORDER BY m.id`),
  ]);
  const shape = (r: Row): ThreadRow => ({
    threadId: r.thread_id,
    title: r.title,
    authorName: r.author_name,
    lastMessageAt: r.last_message_at,
    replyCount: r.reply_count,
    pinned: r.pinned,
    answered: r.answered,
    unread: r.unread,
  });
  return {
    pinned: pinned.rows.map(shape),
    threads: page.rows.map(shape),
    total: total.rows[0]?.n ?? 0,
    drafts: drafts.rows.map((d) => ({
      messageId: d.id,
      threadId: d.thread_id,
      title: d.title,
      scheduledFor: d.scheduled_for,
    })),
  };
}

export interface MessageRow {
  messageId: number;
  authorPersonId: number;
  authorName: string;
  body: string;
  publishedAt: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  deletedByName: string | null;
  scheduledFor: string | null;
  isDraft: boolean;
  boosts: number;
  boostedByMe: boolean;
  quote: { messageId: number; authorName: string; body: string; deleted: boolean } | null;
  document: { documentId: number; title: string; removed: boolean } | null;
  isNew: boolean;
  editableUntil: string | null;
}

/**
 * A page of a thread's messages in order: the published ones, and the reader's own drafts and messages
 * waiting for 8am. Messages after the reader's last read one are marked new.
 */
export async function threadMessages(
  db: Executor,
  query: { threadId: number; personId: number; page: number },
): Promise<{ messages: MessageRow[]; total: number; lastReadMessageId: number | null }> {
  const visible = sql`m.thread_id = ${query.threadId} AND (m.published_at IS NOT NULL OR m.author_person_id = ${query.personId})`;
  const [rows, total, read] = await readsAtOnce(db, [
    () =>
      db.execute<{
        id: number;
        author_person_id: number;
        author_name: string;
        body: string;
        published_at: string | null;
        created_at: string;
        edited_at: string | null;
        deleted_at: string | null;
        deleted_by_name: string | null;
        scheduled_for: string | null;
        is_draft: boolean;
        boosts: number;
        boosted_by_me: boolean;
        quote_id: number | null;
        quote_author: string | null;
        quote_body: string | null;
        quote_deleted: boolean | null;
        editable_until: string | null;
        document_id: number | null;
        document_title: string | null;
        document_removed: boolean | null;
      }>(sql`
      SELECT m.id, m.author_person_id, p.given_name || ' ' || p.family_name AS author_name, m.body, m.published_at,
        m.created_at, m.edited_at, m.deleted_at, d.given_name || ' ' || d.family_name AS deleted_by_name,
        m.scheduled_for, m.is_draft,
        (SELECT count(*)::int FROM community_boosts b WHERE b.message_id = m.id) AS boosts,
        EXISTS (SELECT 1 FROM community_boosts b WHERE b.message_id = m.id AND b.person_id = ${query.personId}) AS boosted_by_me,
        q.id AS quote_id, qp.given_name || ' ' || qp.family_name AS quote_author, left(q.body, 500) AS quote_body,
        q.deleted_at IS NOT NULL AS quote_deleted,
        m.published_at + interval '15 minutes' AS editable_until,
        doc.id AS document_id, doc.title AS document_title, doc.deleted_at IS NOT NULL AS document_removed
      FROM community_messages m
      LEFT JOIN documents doc ON doc.id = m.document_id
      JOIN people p ON p.id = m.author_person_id
      LEFT JOIN people d ON d.id = m.deleted_by_person_id
      LEFT JOIN community_messages q ON q.id = m.quote_of_message_id
      LEFT JOIN people qp ON qp.id = q.author_person_id
      WHERE ${visible}
      ORDER BY m.id LIMIT ${MESSAGES_A_PAGE} OFFSET ${(query.page - 1) * MESSAGES_A_PAGE}`),
    () =>
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM community_messages m WHERE ${visible}`),
    () =>
      db.execute<{ last: number }>(sql`SELECT last_read_message_id AS last FROM community_reads
      WHERE person_id = ${query.personId} AND thread_id = ${query.threadId}`),
  ]);
  const lastRead = read.rows[0]?.last ?? null;
  return {
    total: total.rows[0]?.n ?? 0,
    lastReadMessageId: lastRead,
    messages: rows.rows.map((r) => ({
      messageId: r.id,
      authorPersonId: r.author_person_id,
      authorName: r.author_name,
      body: r.body,
      publishedAt: r.published_at,
      createdAt: r.created_at,
      editedAt: r.edited_at,
      deletedAt: r.deleted_at,
      deletedByName: r.deleted_by_name,
      scheduledFor: r.scheduled_for,
      isDraft: r.is_draft,
      boosts: r.boosts,
      boostedByMe: r.boosted_by_me,
      quote: r.quote_id
        ? {
            messageId: r.quote_id,
            authorName: r.quote_author ?? '',
            body: r.quote_body ?? '',
            deleted: !!r.quote_deleted,
          }
        : null,
      // A document deleted since is named no more: the message says it was removed.
      document: r.document_id
        ? r.document_removed
          ? { documentId: r.document_id, title: '', removed: true }
          : { documentId: r.document_id, title: r.document_title ?? '', removed: false }
        : null,
      isNew:
        r.published_at !== null &&
        r.author_person_id !== query.personId &&
        (lastRead === null || r.id > lastRead),
      editableUntil: r.editable_until,
    })),
  };
}

export interface NewThreadRow {
  spaceKey: string;
  spaceTitle: string;
  spaceKindName: string;
  threadId: number;
  title: string;
  lastMessageAt: string;
  replyCount: number;
  newMessages: number;
}

/**
 * What is new for a person across their spaces: threads with messages by others they have not read
 * (last 30 days), the 100 latest. A thread whose only later messages are their own (posted at 8am, after
 * they last read it) or deleted is not new, and is left out before the 100 are taken.
 */
export async function whatsNew(db: Executor, query: { personId: number }): Promise<NewThreadRow[]> {
  // The thread's published messages by others after the last one the person read.
  const unread = sql`community_messages m WHERE m.thread_id = t.id AND m.published_at IS NOT NULL
    AND m.deleted_at IS NULL AND m.author_person_id <> ${query.personId}
    AND m.id > coalesce(r.last_read_message_id, 0)`;
  const { rows } = await db.execute<{
    kind: SpaceKind;
    ref_id: number;
    space_title: string;
    thread_id: number;
    title: string;
    last_message_at: string;
    reply_count: number;
    new_messages: number;
  }>(sql`
    SELECT s.kind, s.ref_id, ${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)} AS space_title,
      t.id AS thread_id, t.title, t.last_message_at, t.reply_count,
      (SELECT count(*)::int FROM ${unread}) AS new_messages
    FROM community_spaces_of(${query.personId}) mine
    JOIN community_spaces s ON s.kind = mine.kind AND s.ref_id = mine.ref_id
    JOIN community_threads t ON t.space_id = s.id AND t.published_at IS NOT NULL
    LEFT JOIN community_reads r ON r.person_id = ${query.personId} AND r.thread_id = t.id
    WHERE t.last_message_at > now() - interval '30 days'
      AND (r.read_at IS NULL OR r.read_at < t.last_message_at)
      AND EXISTS (SELECT 1 FROM ${unread})
    ORDER BY t.last_message_at DESC, t.id DESC
    LIMIT 100`);
  return rows.map((r) => ({
    spaceKey: spaceKey({ kind: r.kind, refId: r.ref_id }),
    spaceTitle: r.space_title,
    spaceKindName: spaceKindNames[r.kind],
    threadId: r.thread_id,
    title: r.title,
    lastMessageAt: r.last_message_at,
    replyCount: r.reply_count,
    newMessages: r.new_messages,
  }));
}

export interface SearchHit {
  spaceKey: string;
  spaceTitle: string;
  threadId: number;
  threadTitle: string;
  messageId: number;
  authorName: string;
  publishedAt: string;
  excerpt: string;
}

/**
 * Searches the messages of the spaces a person is in (PostgreSQL full-text search, English): by words,
 * and narrowed to an author (any part of their name) and to one space.
 */
export async function searchMessages(
  db: Executor,
  query: { personId: number; words: string; author?: string; space?: SpaceRef | null },
): Promise<SearchHit[]> {
  if (!query.words && !query.author) return [];
  const conditions = [sql`m.published_at IS NOT NULL`, sql`m.deleted_at IS NULL`];
  if (query.words) conditions.push(sql`m.search @@ websearch_to_tsquery('english', ${query.words})`);
  if (query.author)
    conditions.push(
      sql`(p.given_name || ' ' || p.family_name) ILIKE ${`%${query.author.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    );
  if (query.space) conditions.push(sql`s.kind = ${query.space.kind} AND s.ref_id = ${query.space.refId}`);
  const { rows } = await db.execute<{
    kind: SpaceKind;
    ref_id: number;
    space_title: string;
    thread_id: number;
    thread_title: string;
    id: number;
    author_name: string;
    published_at: string;
    excerpt: string;
  }>(sql`
    -- The person's spaces worked out once (MATERIALIZED): inlined, PostgreSQL guessed one thread of
    -- them and checked every message of every thread for the words (56 ms for a common word in a space
    -- of 50,000 messages); now it reads the newest messages first and stops at the page (1.3 ms), or
    -- takes the words' index for a rare word.
    WITH mine AS MATERIALIZED (
      SELECT s.id, s.kind, s.ref_id FROM community_spaces_of(${query.personId}) m
      JOIN community_spaces s ON s.kind = m.kind AND s.ref_id = m.ref_id
    )
    SELECT s.kind, s.ref_id, ${spaceTitleSql(sql`s.kind`, sql`s.ref_id`)} AS space_title,
      t.id AS thread_id, t.title AS thread_title, m.id, p.given_name || ' ' || p.family_name AS author_name,
      m.published_at, left(m.body, 300) AS excerpt
    FROM community_messages m
    JOIN community_threads t ON t.id = m.thread_id
    JOIN mine s ON s.id = t.space_id
    JOIN people p ON p.id = m.author_person_id
    WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY m.published_at DESC, m.id DESC
    LIMIT ${SEARCH_RESULTS}`);
  return rows.map((r) => ({
    spaceKey: spaceKey({ kind: r.kind, refId: r.ref_id }),
    spaceTitle: r.space_title,
    threadId: r.thread_id,
    threadTitle: r.thread_title,
    messageId: r.id,
    authorName: r.author_name,
    publishedAt: r.published_at,
    excerpt: r.excerpt,
  }));
}
