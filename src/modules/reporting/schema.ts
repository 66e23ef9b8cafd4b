import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Whether a materialised view of the reports is out of date. Statement triggers on the tables a view
 * reads (attendance marks, enrolments, sessions, activities) set `stale` (custom migration
 * `reporting-sql`); the next report refreshes the view first (present-enrolments-view.ts).
 */
export const reportingRefreshes = pgTable('reporting_refreshes', {
  name: text('name').primaryKey(),
  stale: boolean('stale').notNull().default(true),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});
