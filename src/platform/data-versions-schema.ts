import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * A version per scope of the records that pages show, raised by triggers in the transaction of every
 * change (migration 0008_data_version_triggers). Scopes: `national` for the records every page may read
 * (schools, people, hubs and their areas, local authorities, NCPs, academic years); `hub:ID` for a hub's activities and everything under
 * them; `activity:ID` for one activity, its leads, schools, enrolments, sessions and marks. A kept page
 * is kept under the versions it was made from (src/platform/page-cache.ts), so a change is seen at once.
 * Versions come from one sequence: a value is never used twice, even if rows are removed.
 */
export const dataVersions = pgTable('data_versions', {
  scope: text('scope').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * The scopes a transaction changed, until it commits: a statement's trigger records its scopes here and
 * its transaction in `data_version_commits`, whose deferred trigger gives every scope of the transaction
 * a new version at commit in one statement, so version rows are locked only while committing.
 */
export const dataVersionBumps = pgTable(
  'data_version_bumps',
  {
    txid: bigint('txid', { mode: 'number' }).notNull(),
    scope: text('scope').notNull(),
  },
  (t) => [primaryKey({ columns: [t.txid, t.scope] })],
);

export const dataVersionCommits = pgTable('data_version_commits', {
  txid: bigint('txid', { mode: 'number' }).primaryKey(),
});
