import {
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
import { hubs } from '../hubs/schema.ts';
import { accreditations, people } from '../people/schema.ts';

/**
 * The LLME workforce (issue 16): applications to the NCETM's development programmes for LLMEs (Mastery
 * Specialist by phase, PD Lead, School Development Lead). A teacher applies, or hub leadership nominates
 * them; the hub sponsors or not, with a reason; the national team decides; an accepted person is enrolled
 * on a national cohort, and when they complete, their accreditation is recorded from the application.
 * Migration 0038.
 */

/** The programmes one applies to: each leads to the accreditation of the same kind (people/schema.ts). */
export const developmentProgrammes = [
  'mastery_specialist',
  'secondary_mastery_specialist',
  'post_16_mastery_specialist',
  'pd_lead',
  'school_development_lead',
] as const;
export type DevelopmentProgramme = (typeof developmentProgrammes)[number];

export const applicationStatuses = [
  /** Waiting for the hub to sponsor it or not. */
  'awaiting_hub',
  /** Sponsored by the hub, waiting for the national team. */
  'awaiting_decision',
  'not_sponsored',
  'declined',
  /** Accepted by the national team and enrolled on a cohort. */
  'enrolled',
  /** Completed: the accreditation is recorded. */
  'completed',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const programmeApplications = pgTable(
  'programme_applications',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    programme: text('programme').$type<DevelopmentProgramme>().notNull(),
    /** The academic year applied in, '2026/27'. */
    yearCode: text('year_code').notNull(),
    status: text('status').$type<ApplicationStatus>().notNull().default('awaiting_hub'),
    /** Why they want to (the applicant's words, or the hub's when nominated). */
    statement: text('statement').notNull(),
    /** Set when hub leadership nominated them rather than the teacher applying. */
    nominatedByPersonId: integer('nominated_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sponsorReason: text('sponsor_reason'),
    sponsoredByPersonId: integer('sponsored_by_person_id').references(() => people.id),
    sponsoredAt: timestamp('sponsored_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    decidedByPersonId: integer('decided_by_person_id').references(() => people.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The national cohort they are enrolled on, like "12". */
    cohort: text('cohort'),
    completedOn: date('completed_on'),
    accreditationId: integer('accreditation_id').references(() => accreditations.id, {
      onDelete: 'set null',
    }),
  },
  (t) => [
    index('programme_applications_person_idx').on(t.personId),
    index('programme_applications_hub_idx').on(t.hubId, t.yearCode),
    index('programme_applications_nominated_by_idx').on(t.nominatedByPersonId),
    index('programme_applications_sponsored_by_idx').on(t.sponsoredByPersonId),
    index('programme_applications_decided_by_idx').on(t.decidedByPersonId),
  ],
);

/**
 * A hub's LLME community (issue 16): its three designated LLME Community Leads in a year (the Maths Hub
 * Lead and other key leaders), and its meetings (at least three a year) with their registers.
 */
export const llmeCommunityLeads = pgTable(
  'llme_community_leads',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    yearCode: text('year_code').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('llme_community_leads_uq').on(t.hubId, t.yearCode, t.personId),
    index('llme_community_leads_person_idx').on(t.personId),
  ],
);

export const llmeCommunityMeetings = pgTable(
  'llme_community_meetings',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    yearCode: text('year_code').notNull(),
    heldOn: date('held_on').notNull(),
    title: text('title').notNull(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('llme_community_meetings_hub_idx').on(t.hubId, t.yearCode),
    index('llme_community_meetings_created_by_idx').on(t.createdByPersonId),
  ],
);

/** A meeting's register: who of the community attended (a row per person marked present). */
export const llmeCommunityAttendance = pgTable(
  'llme_community_attendance',
  {
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => llmeCommunityMeetings.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.personId] }),
    index('llme_community_attendance_person_idx').on(t.personId),
  ],
);
