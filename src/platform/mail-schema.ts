import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every email the platform sends, with how it was sent: the outbox page in development reads this.
 * An SMTP row is written in the transaction of the change and sent by the mail queue
 * (platform/mail-queue.ts): pending until `sent_at`, or `failed_at` once the queue gives up.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    transport: text('transport').notNull(),
    messageId: text('message_id'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.transport} = 'smtp' AND ${t.sentAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

/**
 * Development and test only (no SMTP server, not production): the secrets (sign-in codes) of a mail
 * kept in the outbox, so that the outbox page can show a developer the code. The outbox row itself
 * holds the text with them redacted. Deleted when the code is used or replaced, and when it expires.
 */
export const outboxSecrets = pgTable(
  'outbox_secrets',
  {
    outboxId: bigint('outbox_id', { mode: 'number' })
      .primaryKey()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    secrets: text('secrets').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('outbox_secrets_to_address_idx').on(t.toAddress)],
);
