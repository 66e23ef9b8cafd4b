import {
  type AnyPgColumn,
  boolean,
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
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

export const activityKinds = ['work_group', 'programme_cohort', 'community', 'targeted_support'] as const;
export type ActivityKind = (typeof activityKinds)[number];
export const activityKindNames: Record<ActivityKind, string> = {
  work_group: 'Work Group',
  programme_cohort: 'Programme cohort',
  community: 'Community',
  targeted_support: 'Targeted Support partnership',
};

/** An activity's life: planned → running → completed, or cancelled. */
export const activityStatuses = ['planned', 'running', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

/** What a hub runs in a year under an NCP: a Work Group, a programme cohort, a community, a partnership. */
export const hubActivities = pgTable(
  'hub_activities',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    ncpId: integer('ncp_id')
      .notNull()
      .references(() => ncps.id),
    yearCode: text('year_code').notNull(),
    kind: text('kind').$type<ActivityKind>().notNull(),
    title: text('title').notNull(),
    status: text('status').$type<ActivityStatus>().notNull().default('planned'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    /** The hub's own identifier for the activity (from its spreadsheets), unique per hub and year. */
    reference: text('reference'),
    /** The activity of last year this one continues, when copied forward (continue-activities.ts). */
    continuesActivityId: integer('continues_activity_id').references((): AnyPgColumn => hubActivities.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised on every change to what its edit form edits (platform/edit-versions.ts, migration 0013). */
    version: integer('version').notNull().default(1),
    /** The hub lets people register themselves from its offer page (migration 0023). */
    openForDirectRegistration: boolean('open_for_direct_registration').notNull().default(false),
  },
  (t) => [
    index('hub_activities_hub_year_idx').on(t.hubId, t.yearCode),
    uniqueIndex('hub_activities_reference_uq').on(t.hubId, t.yearCode, t.reference),
    index('hub_activities_ncp_idx').on(t.ncpId),
    uniqueIndex('hub_activities_continues_uq').on(t.continuesActivityId),
  ],
);

/** The LLMEs leading an activity (Work Group Lead, Cohort Lead, Community Lead, Intensive Support Partner…). */
export const activityLeads = pgTable(
  'activity_leads',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    title: text('title').notNull(),
  },
  (t) => [
    uniqueIndex('activity_leads_uq').on(t.activityId, t.personId),
    index('activity_leads_person_idx').on(t.personId),
  ],
);

/**
 * A school's or participant's part in an activity: registered (signed up, in progress), completed,
 * withdrawn, or deferred to next year (neither completed nor in progress this year). The last three
 * are outcomes, recorded when the activity ends (record-outcomes.ts).
 */
export const participationStatuses = ['registered', 'completed', 'withdrawn', 'deferred'] as const;
export type ParticipationStatus = (typeof participationStatuses)[number];

/** Taking part this year: counted in groups, registers and grants (not withdrawn, not deferred). */
export const takingPartStatuses = ['registered', 'completed'] as const satisfies ParticipationStatus[];

/** Why a participant or a school withdrew (`outcome_reason`): "other" comes with a text. */
export const outcomeReasons = [
  'moved_school',
  'left_teaching',
  'staffing',
  'workload',
  'school_priorities',
  'other',
] as const;
export type OutcomeReason = (typeof outcomeReasons)[number];

/** The outcome columns shared by activity_schools and enrolments (migration 0021). */
const outcomeColumns = () => ({
  outcomeReason: text('outcome_reason').$type<OutcomeReason>(),
  outcomeReasonText: text('outcome_reason_text'),
  outcomeRecordedAt: timestamp('outcome_recorded_at', { withTimezone: true }),
  outcomeRecordedByPersonId: integer('outcome_recorded_by_person_id'),
});

/** A school taking part in an activity, with its statement of commitment. */
export const activitySchools = pgTable(
  'activity_schools',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    schoolUrn: integer('school_urn').notNull(),
    status: text('status').$type<ParticipationStatus>().notNull().default('registered'),
    commitmentStatement: text('commitment_statement'),
    commitmentRecordedAt: timestamp('commitment_recorded_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    completedOn: date('completed_on'),
    ...outcomeColumns(),
    /** Why a school outside the hub's area was added (migration 0026); null for a school in the area. */
    outOfAreaReason: text('out_of_area_reason'),
  },
  (t) => [
    uniqueIndex('activity_schools_uq').on(t.activityId, t.schoolUrn),
    index('activity_schools_school_idx').on(t.schoolUrn),
  ],
);

/**
 * A participant's enrolment in an activity. `schoolUrn` is their school when they enrolled (a teacher
 * who moves school keeps their history). `continuesEnrolmentId` links phase 2 of a two-phase programme
 * to phase 1 (both registered at once).
 */
export const enrolments = pgTable(
  'enrolments',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    schoolUrn: integer('school_urn'),
    roleInSchool: text('role_in_school'),
    yearGroups: text('year_groups').array().$type<string[]>().notNull().default([]),
    mentorName: text('mentor_name'),
    mentorEmail: text('mentor_email'),
    status: text('status').$type<ParticipationStatus>().notNull().default('registered'),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    completedOn: date('completed_on'),
    continuesEnrolmentId: integer('continues_enrolment_id'),
    ...outcomeColumns(),
  },
  (t) => [
    uniqueIndex('enrolments_uq').on(t.activityId, t.personId),
    index('enrolments_person_idx').on(t.personId),
    index('enrolments_continues_idx').on(t.continuesEnrolmentId),
    index('enrolments_school_idx').on(t.schoolUrn),
  ],
);

export const sessionKinds = ['trg', 'workshop', 'school_visit', 'session', 'launch'] as const;
export type SessionKind = (typeof sessionKinds)[number];
export const sessionKindNames: Record<SessionKind, string> = {
  trg: 'Teacher Research Group (TRG)',
  workshop: 'Workshop',
  school_visit: 'School visit',
  session: 'Session',
  launch: 'Launch event',
};

/** A dated session of an activity, with a register. */
export const activitySessions = pgTable(
  'activity_sessions',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SessionKind>().notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    location: text('location'),
  },
  (t) => [index('activity_sessions_activity_idx').on(t.activityId, t.startsAt)],
);

export const attendanceStatuses = ['present', 'absent', 'apologies'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/**
 * One mark in a session's register. `joinedViaEnrolmentId` records a participant who joined on someone
 * else's connection (they attended: present).
 */
export const attendanceMarks = pgTable(
  'attendance_marks',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => activitySessions.id, { onDelete: 'cascade' }),
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    status: text('status').$type<AttendanceStatus>().notNull(),
    joinedViaEnrolmentId: integer('joined_via_enrolment_id'),
    markedByPersonId: integer('marked_by_person_id'),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.enrolmentId] }),
    index('attendance_marks_enrolment_idx').on(t.enrolmentId),
  ],
);
