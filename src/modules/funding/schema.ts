import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { hubActivities } from '../activities/schema.ts';
import { academicYears, hubs } from '../hubs/schema.ts';
import type { LineCounts } from './compute-grant.ts';
import type { ClaimRole, FundingSource, GrantRule, Payee } from './grant-rules.ts';

/** The grant rules of one NCP in one year (section J of its specification), validated by grant-rules.ts. */
export const grantRuleSets = pgTable(
  'grant_rule_sets',
  {
    id: serial('id').primaryKey(),
    yearCode: text('year_code')
      .notNull()
      .references(() => academicYears.code),
    ncpCode: text('ncp_code').notNull(),
    rules: jsonb('rules').$type<GrantRule[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised on every change of the rules (platform/edit-versions.ts, migration 0013); 0 stands for none yet. */
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('grant_rule_sets_year_ncp_uq').on(t.yearCode, t.ncpCode)],
);

/** The hub's role in an activity whose grant depends on it (the China exchange: primary, hosting…). */
export const activityFundingRoles = pgTable('activity_funding_roles', {
  activityId: integer('activity_id')
    .primaryKey()
    .references(() => hubActivities.id, { onDelete: 'cascade' }),
  role: text('role').notNull(),
});

/** A grant statement's life: open (its lines follow the records) → closed (frozen for its period). */
export const statementStatuses = ['open', 'closed'] as const;
export type StatementStatus = (typeof statementStatuses)[number];

/** A hub's grant statement for a period of a year: statement 1, 2… Only the last may be open. */
export const grantStatements = pgTable(
  'grant_statements',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    yearCode: text('year_code')
      .notNull()
      .references(() => academicYears.code),
    number: integer('number').notNull(),
    status: text('status').$type<StatementStatus>().notNull().default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
  },
  (t) => [uniqueIndex('grant_statements_hub_year_number_uq').on(t.hubId, t.yearCode, t.number)],
);

/** What a statement stated at a moment: a new revision whenever the records change its lines. */
export const grantStatementRevisions = pgTable(
  'grant_statement_revisions',
  {
    id: serial('id').primaryKey(),
    statementId: integer('statement_id')
      .notNull()
      .references(() => grantStatements.id),
    revision: integer('revision').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    totalPence: bigint('total_pence', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('grant_statement_revisions_uq').on(t.statementId, t.revision)],
);

/** A line of a statement revision, traceable to its activity (or claim), NCP rule and counts. */
export const grantStatementLines = pgTable(
  'grant_statement_lines',
  {
    id: serial('id').primaryKey(),
    revisionId: integer('revision_id')
      .notNull()
      .references(() => grantStatementRevisions.id),
    lineKey: text('line_key').notNull(),
    activityId: integer('activity_id'),
    activityTitle: text('activity_title').notNull(),
    claimId: integer('claim_id'),
    ncpCode: text('ncp_code').notNull(),
    ruleKind: text('rule_kind').notNull(),
    ruleLabel: text('rule_label').notNull(),
    source: text('source').$type<FundingSource>().notNull(),
    payee: text('payee').$type<Payee>().notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    counts: jsonb('counts').$type<LineCounts>().notNull(),
    explanation: text('explanation').notNull(),
    items:
      jsonb('items').$type<{ label: string; quantity: number; ratePence: number; amountPence: number }[]>(),
    /** An adjustment to what a closed statement stated: `stated` is what the closed statements said. */
    isAdjustment: boolean('is_adjustment').notNull().default(false),
    statedPence: bigint('stated_pence', { mode: 'number' }),
  },
  (t) => [index('grant_statement_lines_revision_idx').on(t.revisionId)],
);

/** A claim's life: submitted → approved → paid, or submitted → rejected (with a reason). */
export const claimStatuses = ['submitted', 'approved', 'rejected', 'paid'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
export const claimKinds = ['day_rate', 'travel'] as const;
export type ClaimKind = (typeof claimKinds)[number];

/** A hub's claim on the Maths Hubs Network Fund: days at a national role's day rate, or travel. */
export const fundingClaims = pgTable(
  'funding_claims',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    yearCode: text('year_code')
      .notNull()
      .references(() => academicYears.code),
    ncpCode: text('ncp_code').notNull(),
    kind: text('kind').$type<ClaimKind>().notNull(),
    role: text('role').$type<ClaimRole>(),
    claimantName: text('claimant_name').notNull(),
    days: integer('days'),
    ratePence: integer('rate_pence'),
    amountPence: integer('amount_pence').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<ClaimStatus>().notNull().default('submitted'),
    reason: text('reason'),
    submittedByPersonId: integer('submitted_by_person_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    index('funding_claims_hub_year_idx').on(t.hubId, t.yearCode),
    index('funding_claims_status_idx').on(t.status),
  ],
);
