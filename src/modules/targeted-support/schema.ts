import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { hubActivities } from '../activities/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import type { PartnershipPhase, PlanItemKind, PlanPhase, ReferralSource, ReferralStatus } from './rules.ts';

/**
 * Targeted Support in Mathematics (issue 16): referrals of schools, and the partnerships of one school
 * with one Intensive Support Partner through a bespoke plan. Migration 0037.
 */

/** A school referred by a hub's leadership or the national team, with the barriers identified. */
export const tsReferrals = pgTable(
  'ts_referrals',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    schoolUrn: integer('school_urn')
      .notNull()
      .references(() => schools.urn),
    yearCode: text('year_code').notNull(),
    barriers: text('barriers').notNull(),
    source: text('source').$type<ReferralSource>().notNull(),
    status: text('status').$type<ReferralStatus>().notNull().default('waiting'),
    /** Why it was declined, or the barriers its leaders named for Enhanced support. */
    decisionNote: text('decision_note'),
    referredByPersonId: integer('referred_by_person_id').references(() => people.id),
    decidedByPersonId: integer('decided_by_person_id').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open or accepted referral of a school a year (a declined one may be followed by another).
    uniqueIndex('ts_referrals_school_year_uq').on(t.schoolUrn, t.yearCode).where(sql`status <> 'declined'`),
    index('ts_referrals_hub_idx').on(t.hubId, t.yearCode, t.status),
    index('ts_referrals_referred_by_idx').on(t.referredByPersonId),
    index('ts_referrals_decided_by_idx').on(t.decidedByPersonId),
  ],
);

/**
 * A partnership: one school, one Intensive Support Partner (an LLME), the school's leaders as contacts,
 * through the plan's phases. Its visits and release-time grant are those of the hub activity that holds
 * it (`activityId`, kind `targeted_support`, the school its one school and the ISP its lead).
 */
export const tsPartnerships = pgTable(
  'ts_partnerships',
  {
    id: serial('id').primaryKey(),
    referralId: integer('referral_id')
      .notNull()
      .references(() => tsReferrals.id),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    schoolUrn: integer('school_urn')
      .notNull()
      .references(() => schools.urn),
    yearCode: text('year_code').notNull(),
    ispPersonId: integer('isp_person_id')
      .notNull()
      .references(() => people.id),
    /** The ISP's credentials as recorded at the start (accreditations, experience). */
    ispCredentials: text('isp_credentials').notNull(),
    /** The school's leaders the ISP works with (names and roles, in words). */
    schoolLeaders: text('school_leaders').notNull(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id),
    phase: text('phase').$type<PartnershipPhase>().notNull().default('explore'),
    startedOn: date('started_on').notNull(),
    /** The handover: the Work Group the school joined, and notes its lead reads on the school's journey. */
    handoverActivityId: integer('handover_activity_id').references(() => hubActivities.id),
    transitionNotes: text('transition_notes'),
    movedOnAt: timestamp('moved_on_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ts_partnerships_referral_uq').on(t.referralId),
    uniqueIndex('ts_partnerships_activity_uq').on(t.activityId),
    index('ts_partnerships_hub_idx').on(t.hubId, t.yearCode, t.phase),
    index('ts_partnerships_school_idx').on(t.schoolUrn),
    index('ts_partnerships_isp_idx').on(t.ispPersonId),
    index('ts_partnerships_handover_idx').on(t.handoverActivityId),
  ],
);

/** An item of a partnership's plan: a priority, an action (owner, date) or evidence, in one phase. */
export const tsPlanItems = pgTable(
  'ts_plan_items',
  {
    id: serial('id').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => tsPartnerships.id, { onDelete: 'cascade' }),
    phase: text('phase').$type<PlanPhase>().notNull(),
    kind: text('kind').$type<PlanItemKind>().notNull(),
    description: text('description').notNull(),
    /** Who owns an action, in words (the ISP, the head teacher…). */
    owner: text('owner'),
    dueOn: date('due_on'),
    addedByPersonId: integer('added_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ts_plan_items_partnership_idx').on(t.partnershipId),
    index('ts_plan_items_added_by_idx').on(t.addedByPersonId),
  ],
);
