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
import { hubActivities } from '../activities/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';

/**
 * Records of visits to schools (issue 15; seed 004's "Record of Visits forms"): a visit made for an
 * activity to one of its schools, by the activity's leads (or the hub's leadership who recorded it),
 * the year groups and classes seen, its focus, notes and the actions agreed. Migration 0035.
 */

/** A visit: one per activity, school and day. `version` guards edits against lost writes. */
export const schoolVisits = pgTable(
  'school_visits',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    schoolUrn: integer('school_urn')
      .notNull()
      .references(() => schools.urn),
    visitedOn: date('visited_on').notNull(),
    /** The year groups seen, in the words of the registration form (`registration/rules.ts` yearGroups). */
    yearGroups: text('year_groups').array().$type<string[]>().notNull().default([]),
    classesSeen: text('classes_seen'),
    focus: text('focus').notNull(),
    notes: text('notes'),
    recordedByPersonId: integer('recorded_by_person_id').references(() => people.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('school_visits_uq').on(t.activityId, t.schoolUrn, t.visitedOn),
    index('school_visits_hub_idx').on(t.hubId, t.visitedOn),
    index('school_visits_school_idx').on(t.schoolUrn),
    index('school_visits_recorded_by_idx').on(t.recordedByPersonId),
  ],
);

/** Who made a visit: one or more people. */
export const schoolVisitVisitors = pgTable(
  'school_visit_visitors',
  {
    visitId: integer('visit_id')
      .notNull()
      .references(() => schoolVisits.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.personId] }),
    index('school_visit_visitors_person_idx').on(t.personId),
  ],
);

export const visitActionStatuses = ['open', 'done'] as const;
export type VisitActionStatus = (typeof visitActionStatuses)[number];

/**
 * An action agreed on a visit: what, who (a person on the platform, or someone at the school named in
 * words such as "Subject leader"), by when, and whether it is done.
 */
export const schoolVisitActions = pgTable(
  'school_visit_actions',
  {
    id: serial('id').primaryKey(),
    visitId: integer('visit_id')
      .notNull()
      .references(() => schoolVisits.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    ownerText: text('owner_text'),
    dueOn: date('due_on'),
    status: text('status').$type<VisitActionStatus>().notNull().default('open'),
    doneOn: date('done_on'),
  },
  (t) => [
    uniqueIndex('school_visit_actions_position_uq').on(t.visitId, t.position),
    index('school_visit_actions_owner_idx').on(t.ownerPersonId),
  ],
);
