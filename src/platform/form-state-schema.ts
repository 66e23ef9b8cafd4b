import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A refused form's errors and input, kept between the post and the page that shows them again (the
 * browser holds only the random id, in a cookie): read once and deleted, and deleted after an hour if
 * never read. Kept here rather than in the cookie, which a browser drops when it grows past 4 KB.
 */
export const formStates = pgTable(
  'form_states',
  {
    id: text('id').primaryKey(),
    state: jsonb('state').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('form_states_created_at_idx').on(t.createdAt)],
);
