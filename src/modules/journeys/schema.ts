import { index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { hubActivities } from '../activities/schema.ts';
import { people } from '../people/schema.ts';

/**
 * The Mastery Readiness criteria hub staff recorded for a school (readiness-criteria.ts lists the seven
 * of the specification), checked by the catalogue's `eligibility.anyOf` rules (migration 0022).
 */
export const schoolCriteria = pgTable(
  'school_criteria',
  {
    schoolUrn: integer('school_urn').notNull(),
    criterionCode: text('criterion_code').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedByPersonId: integer('recorded_by_person_id').references(() => people.id),
    note: text('note'),
  },
  (t) => [primaryKey({ name: 'school_criteria_pk', columns: [t.schoolUrn, t.criterionCode] })],
);

/**
 * A school admitted to an activity by hub leadership although it does not meet the
 * NCP's rules: the reasons it was refused and the justification given (also in the event log).
 */
export const eligibilityOverrides = pgTable(
  'eligibility_overrides',
  {
    id: serial('id').primaryKey(),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    schoolUrn: integer('school_urn').notNull(),
    reasons: text('reasons').array().notNull(),
    justification: text('justification').notNull(),
    admittedByPersonId: integer('admitted_by_person_id').references(() => people.id),
    admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('eligibility_overrides_school_idx').on(t.schoolUrn),
    index('eligibility_overrides_activity_idx').on(t.activityId),
  ],
);
