import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { documents } from '../documents/schema.ts';
import { people } from '../people/schema.ts';

/**
 * Communities (issue 18), migration 0043. A space is known by its kind and key: an NCP in one year
 * (`ncp` + ncps.id), a hub's LLME community (`hub` + hubs.id) or an activity (`activity` +
 * hub_activities.id). Who is in it is computed from the records at read time by the SQL function
 * `community_space_members(kind, ref)` (and `community_spaces_of(person)` from the person's side), so
 * joining and leaving follow the records; the row here is written on the first change in the space.
 */
export const spaceKinds = ['ncp', 'hub', 'activity'] as const;
export type SpaceKind = (typeof spaceKinds)[number];

export const communitySpaces = pgTable(
  'community_spaces',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<SpaceKind>().notNull(),
    refId: integer('ref_id').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    openedByPersonId: integer('opened_by_person_id').references(() => people.id),
  },
  (t) => [
    uniqueIndex('community_spaces_uq').on(t.kind, t.refId),
    index('community_spaces_opened_by_idx').on(t.openedByPersonId),
  ],
);

/** People a space's leads added beyond those the records make members. */
export const communityGuests = pgTable(
  'community_guests',
  {
    spaceId: integer('space_id')
      .notNull()
      .references(() => communitySpaces.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    addedByPersonId: integer('added_by_person_id').references(() => people.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.spaceId, t.personId] }),
    index('community_guests_person_idx').on(t.personId),
    index('community_guests_added_by_idx').on(t.addedByPersonId),
  ],
);

/** A thread: its first message opens it; `published_at` is set when that message is posted. */
export const communityThreads = pgTable(
  'community_threads',
  {
    id: serial('id').primaryKey(),
    spaceId: integer('space_id')
      .notNull()
      .references(() => communitySpaces.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    authorPersonId: integer('author_person_id')
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    replyCount: integer('reply_count').notNull().default(0),
    pinnedAt: timestamp('pinned_at', { withTimezone: true }),
    pinnedByPersonId: integer('pinned_by_person_id').references(() => people.id),
    answeredMessageId: integer('answered_message_id').references((): AnyPgColumn => communityMessages.id, {
      onDelete: 'set null',
    }),
    answeredByPersonId: integer('answered_by_person_id').references(() => people.id),
  },
  (t) => [
    index('community_threads_space_idx')
      .on(t.spaceId, t.lastMessageAt.desc(), t.id.desc())
      .where(sql`${t.publishedAt} IS NOT NULL`),
    index('community_threads_author_idx').on(t.authorPersonId),
    index('community_threads_pinned_by_idx').on(t.pinnedByPersonId),
    index('community_threads_answered_by_idx').on(t.answeredByPersonId),
    index('community_threads_answered_idx').on(t.answeredMessageId),
  ],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A message. A draft (`is_draft`) and a message to be posted later (`scheduled_for`) have no
 * `published_at` and only their author sees them; the scheduled-posts job publishes the due ones.
 * Deleting keeps the row as a trace (who, when) and empties the body.
 */
export const communityMessages = pgTable(
  'community_messages',
  {
    id: serial('id').primaryKey(),
    threadId: integer('thread_id')
      .notNull()
      .references(() => communityThreads.id, { onDelete: 'cascade' }),
    authorPersonId: integer('author_person_id')
      .notNull()
      .references(() => people.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedByPersonId: integer('deleted_by_person_id').references(() => people.id),
    quoteOfMessageId: integer('quote_of_message_id').references((): AnyPgColumn => communityMessages.id),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    isDraft: boolean('is_draft').notNull().default(false),
    /** A document of the space the message points to (the space's documents page keeps its versions). */
    documentId: integer('document_id').references(() => documents.id),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', "body")`),
  },
  (t) => [
    index('community_messages_thread_idx').on(t.threadId, t.id),
    index('community_messages_author_idx').on(t.authorPersonId),
    index('community_messages_deleted_by_idx').on(t.deletedByPersonId),
    index('community_messages_quote_idx').on(t.quoteOfMessageId),
    index('community_messages_published_idx').on(t.publishedAt),
    index('community_messages_due_idx')
      .on(t.scheduledFor)
      .where(sql`${t.publishedAt} IS NULL AND NOT ${t.isDraft}`),
    index('community_messages_document_idx').on(t.documentId),
    index('community_messages_search_idx').using('gin', t.search),
  ],
);

/** A short acknowledgement of a message: counted beside it, and notifies no one. */
export const communityBoosts = pgTable(
  'community_boosts',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => communityMessages.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.personId] }),
    index('community_boosts_person_idx').on(t.personId),
  ],
);

/** How far a person has read a thread (written when they mark it read or post in it; never by a GET). */
export const communityReads = pgTable(
  'community_reads',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    threadId: integer('thread_id')
      .notNull()
      .references(() => communityThreads.id, { onDelete: 'cascade' }),
    lastReadMessageId: integer('last_read_message_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.threadId] }),
    index('community_reads_thread_idx').on(t.threadId),
  ],
);

export const notificationLevels = ['all', 'mentions', 'none'] as const;
export type NotificationLevel = (typeof notificationLevels)[number];

/** A person's notification level for a space or for one thread ('none' on a thread: unsubscribed). */
export const communitySubscriptions = pgTable(
  'community_subscriptions',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    spaceId: integer('space_id').references(() => communitySpaces.id, { onDelete: 'cascade' }),
    threadId: integer('thread_id').references(() => communityThreads.id, { onDelete: 'cascade' }),
    level: text('level').$type<NotificationLevel>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('community_subscriptions_space_uq')
      .on(t.personId, t.spaceId)
      .where(sql`${t.spaceId} IS NOT NULL`),
    uniqueIndex('community_subscriptions_thread_uq')
      .on(t.personId, t.threadId)
      .where(sql`${t.threadId} IS NOT NULL`),
    index('community_subscriptions_space_idx').on(t.spaceId),
    index('community_subscriptions_thread_idx').on(t.threadId),
  ],
);

/** People a message mentions (@ and the first part of their email address), and whether they were emailed of it. */
export const communityMentions = pgTable(
  'community_mentions',
  {
    messageId: integer('message_id')
      .notNull()
      .references(() => communityMessages.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    /** When the mention email went to the outbox (migration 0049): the digest does not repeat it. */
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.personId] }),
    index('community_mentions_person_idx').on(t.personId),
  ],
);

/**
 * How many are in each space that has a `community_spaces` row (migration 0049), recounted by the
 * `community-member-counts` job; a count holds for the day and academic year it was made in, and while
 * no write has marked the space (`community_member_count_marks`, added by triggers on the records
 * membership follows). spaces.ts `spaceMemberCount`, `recountSpaces`.
 */
export const communityMemberCounts = pgTable(
  'community_member_counts',
  {
    kind: text('kind').$type<SpaceKind>().notNull(),
    refId: integer('ref_id').notNull(),
    members: integer('members').notNull(),
    day: date('day').notNull(),
    yearCode: text('year_code').notNull(),
  },
  (t) => [primaryKey({ name: 'community_member_counts_pk', columns: [t.kind, t.refId] })],
);

/** A write may have changed who is in a space: its count is not used until the job recounts it. */
export const communityMemberCountMarks = pgTable(
  'community_member_count_marks',
  {
    kind: text('kind').$type<SpaceKind>().notNull(),
    refId: integer('ref_id').notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_member_count_marks_space_idx').on(t.kind, t.refId)],
);

/** The daily digest's runs: one a day, covering the messages posted in its window. */
export const communityDigestRuns = pgTable('community_digest_runs', {
  day: date('day').primaryKey(),
  windowFrom: timestamp('window_from', { withTimezone: true }).notNull(),
  windowTo: timestamp('window_to', { withTimezone: true }).notNull(),
  people: integer('people').notNull().default(0),
});
