import { bigint, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';

/**
 * A version per scope of the records that pages show, raised by triggers in the transaction of every
 * change (migration 0007_data_versions): scope 0 is the national records every page may read (schools,
 * people, hubs, NCPs, academic years), any other scope a hub's id (its activities, their leads, schools,
 * enrolments, sessions and marks). A cached page is kept under the versions it was made from
 * (src/platform/page-cache.ts), so a change is seen at once. Versions come from one sequence: a value
 * is never used twice, even if rows are removed.
 */
export const dataVersions = pgTable('data_versions', {
  scope: integer('scope').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * The scopes a transaction changed, until it commits: a statement's trigger records its scopes here, and
 * a deferred trigger raises each scope's version once at commit, so a version row is locked only while
 * its transaction commits, not for the whole transaction.
 */
export const dataVersionBumps = pgTable(
  'data_version_bumps',
  {
    txid: bigint('txid', { mode: 'number' }).notNull(),
    scope: integer('scope').notNull(),
  },
  (t) => [primaryKey({ columns: [t.txid, t.scope] })],
);
