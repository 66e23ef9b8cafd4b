import {
  date,
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
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

/**
 * HAPPI (Hub Activity Plan, Progress and Impact) forms (issue 15; handbook: "Impact evaluation and
 * quality assurance", "Indicative evaluation timeline for LLME"). Migration 0033.
 */

/** The form's two sections under review in turn: the plan (at the start) and the impact (at the end). */
export const happiSections = ['plan', 'impact'] as const;
export type HappiSection = (typeof happiSections)[number];

/** The state of the section under way: written, submitted for review, returned with comments, accepted. */
export const happiStatuses = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type HappiStatus = (typeof happiStatuses)[number];

/** The handbook's two lenses on intended outcomes. */
export const happiLenses = ['pupils', 'practice'] as const;
export type HappiLens = (typeof happiLenses)[number];

/** An intended outcome, with the evidence of its impact (text, and links on the platform or the web). */
export interface HappiOutcome {
  /** Stable within the form (`o1`, `o2`…), so evidence stays with its outcome when the plan changes. */
  key: string;
  lens: HappiLens;
  text: string;
  evidence: string;
  links: string[];
}

/** The local data collection methods offered as ticks. */
export const happiMethods = [
  'national_surveys',
  'visits',
  'registers',
  'interviews',
  'pupil_work',
  'other',
] as const;
export type HappiMethod = (typeof happiMethods)[number];

/**
 * One HAPPI form per activity. `section` is the section under way and `status` its state: the plan is
 * written (draft), submitted, returned or accepted by the hub's leadership; once the plan is accepted
 * the impact section is under way (draft again), and the form is done when the impact is accepted.
 */
export const happiForms = pgTable(
  'happi_forms',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    yearCode: text('year_code').notNull(),
    section: text('section').$type<HappiSection>().notNull().default('plan'),
    status: text('status').$type<HappiStatus>().notNull().default('draft'),
    outcomes: jsonb('outcomes').$type<HappiOutcome[]>().notNull().default([]),
    methods: text('methods').array().$type<HappiMethod[]>().notNull().default([]),
    methodsNotes: text('methods_notes'),
    planSubmittedAt: timestamp('plan_submitted_at', { withTimezone: true }),
    impactSubmittedAt: timestamp('impact_submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised on every change (platform/edit-versions.ts; the `edit_version_raise` trigger). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('happi_forms_activity_uq').on(t.activityId),
    index('happi_forms_hub_year_idx').on(t.hubId, t.yearCode),
  ],
);

export const happiEntryKinds = ['progress', 'submitted', 'returned', 'accepted'] as const;
export type HappiEntryKind = (typeof happiEntryKinds)[number];

/**
 * A form's entries: dated progress updates written as the activity develops, and its history (each
 * submission, and each review with its comments), with who wrote them.
 */
export const happiEntries = pgTable(
  'happi_entries',
  {
    id: serial('id').primaryKey(),
    formId: integer('form_id')
      .notNull()
      .references(() => happiForms.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<HappiEntryKind>().notNull(),
    section: text('section').$type<HappiSection>().notNull(),
    writtenOn: date('written_on').notNull(),
    text: text('text'),
    personId: integer('person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('happi_entries_form_idx').on(t.formId), index('happi_entries_person_idx').on(t.personId)],
);

/** A reminder of a deadline sent to an activity's leads: never sent twice for the same deadline. */
export const happiReminders = pgTable(
  'happi_reminders',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    section: text('section').$type<HappiSection>().notNull(),
    notice: text('notice').$type<'due_soon' | 'overdue'>().notNull(),
    dueOn: date('due_on').notNull(),
    recipients: integer('recipients').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('happi_reminders_uq').on(t.activityId, t.section, t.notice, t.dueOn)],
);

/**
 * A file given as evidence of impact against one of the form's intended outcomes (a PDF, an Office
 * file, an image or text, checked by its content), uploaded by one of the activity’s leads. Migration 0040;
 * its bytes are in the document store (ADR 0010) since migration 0042.
 */
export const happiFiles = pgTable(
  'happi_files',
  {
    id: serial('id').primaryKey(),
    formId: integer('form_id')
      .notNull()
      .references(() => happiForms.id, { onDelete: 'cascade' }),
    /** The outcome's key in the form (`o1`…). */
    outcomeKey: text('outcome_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** Where its bytes are in the document store (modules/documents/store.ts; migration 0042 moved them). */
    blobKey: text('blob_key').notNull(),
    uploadedByPersonId: integer('uploaded_by_person_id').references(() => people.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('happi_files_form_idx').on(t.formId),
    index('happi_files_person_idx').on(t.uploadedByPersonId),
  ],
);
