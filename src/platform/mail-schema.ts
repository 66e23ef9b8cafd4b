import { bigserial, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every email the platform sends, with how it was sent: the outbox page in development reads this. */
export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  transport: text('transport').notNull(),
  messageId: text('message_id'),
  error: text('error'),
});
