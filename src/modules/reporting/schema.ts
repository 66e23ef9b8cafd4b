import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The rows of `taking_part()` (migration 0028, the one definition of taking part), kept up to date by
 * the writes: statement triggers on attendance marks, enrolments, sessions, activities and schools'
 * completions recompute the rows of the activities a statement touched (migration 0046). The reports
 * read it instead of the attendance table (present-enrolments-view.ts). A cache of the records: never
 * written by the application itself.
 */
export const reportingTakingPart = pgTable(
  'reporting_taking_part',
  {
    enrolmentId: integer('enrolment_id'),
    activityId: integer('activity_id').notNull(),
    personId: integer('person_id'),
    schoolUrn: integer('school_urn'),
    yearCode: text('year_code').notNull(),
    hubId: integer('hub_id').notNull(),
  },
  (t) => [
    uniqueIndex('reporting_taking_part_enrolment_uq').on(t.enrolmentId),
    index('reporting_taking_part_activity_idx').on(t.activityId),
    index('reporting_taking_part_year_idx').on(t.yearCode, t.hubId),
  ],
);
