import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * What the reports count, kept up to date by the writes (migration 0046, ADR 11). A cache of the
 * records, never written by the application itself: statement triggers on attendance marks, enrolments,
 * sessions, activities, activity schools and NCPs recompute the participation rows of the activities a
 * statement touched, and triggers on those rows add to and take away from the counts.
 *
 * One row per enrolment (took part, by `taking_part()`; active: not withdrawn or deferred) and per
 * school's recorded completion, with the flags of the activity's NCP.
 */
export const reportingParticipation = pgTable(
  'reporting_participation',
  {
    enrolmentId: integer('enrolment_id'),
    activityId: integer('activity_id').notNull(),
    personId: integer('person_id'),
    schoolUrn: integer('school_urn'),
    yearCode: text('year_code').notNull(),
    hubId: integer('hub_id').notNull(),
    ncpYearCode: text('ncp_year_code'),
    strand: text('strand'),
    tookPart: boolean('took_part').notNull(),
    active: boolean('active').notNull(),
    post16: boolean('post_16'),
    tfmRank: integer('tfm_rank'),
    masteringNumber: text('mastering_number'),
    riwg: boolean('riwg').notNull(),
  },
  (t) => [
    uniqueIndex('reporting_participation_enrolment_uq').on(t.enrolmentId),
    index('reporting_participation_activity_idx').on(t.activityId),
  ],
);

/** Per school (URN as recorded) and year: how many rows of taking part count towards each flag. */
export const reportingSchoolYears = pgTable(
  'reporting_school_years',
  {
    yearCode: text('year_code').notNull(),
    urn: integer('urn').notNull(),
    tookPart: integer('took_part').notNull().default(0),
    post16: integer('post_16').notNull().default(0),
    tfm1: integer('tfm_1').notNull().default(0),
    tfm2: integer('tfm_2').notNull().default(0),
    tfm3: integer('tfm_3').notNull().default(0),
    tfm4: integer('tfm_4').notNull().default(0),
    masteringNumberKs2: integer('mastering_number_ks2').notNull().default(0),
    masteringNumberReceptionKs1: integer('mastering_number_reception_ks1').notNull().default(0),
    riwg: integer('riwg').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.yearCode, t.urn] })],
);

/**
 * Per academic year, hub (0: in no hub's area) and phase group: the state-funded schools open that year,
 * counted once by current URN. Kept by the register's writes (migration 0052, docs/adr/0011).
 */
export const reportingPopulation = pgTable(
  'reporting_population',
  {
    yearCode: text('year_code').notNull(),
    hubId: integer('hub_id').notNull(),
    phase: text('phase').notNull(),
    schools: integer('schools').notNull(),
  },
  (t) => [primaryKey({ name: 'reporting_population_pk', columns: [t.yearCode, t.hubId, t.phase] })],
);

/**
 * The years each current URN of a succession is in the population, one row per current URN (migrations
 * 0052 and 0055; joined by URN, its years tested with `= ANY`).
 */
export const reportingSuccessionPopulation = pgTable('reporting_succession_population', {
  urn: integer('urn').primaryKey(),
  years: text('years').array().notNull(),
});

/**
 * Each school's first year in a Teaching for Mastery Work Group (from 2015/16), by current URN: kept by
 * the writes to the counts by school and year and to the successions (migration 0054, docs/adr/0011).
 */
export const reportingTfmFirst = pgTable('reporting_tfm_first', {
  urn: integer('urn').primaryKey(),
  firstYear: text('first_year').notNull(),
});

/** Per programme participant (person as enrolled), NCP and hub of the activity: enrolments active and taking part. */
export const reportingProgrammePeople = pgTable(
  'reporting_programme_people',
  {
    yearCode: text('year_code').notNull(),
    ncpYearCode: text('ncp_year_code').notNull(),
    strand: text('strand').notNull(),
    personId: integer('person_id').notNull(),
    hubId: integer('hub_id').notNull(),
    active: integer('active').notNull().default(0),
    tookPart: integer('took_part').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.yearCode, t.ncpYearCode, t.strand, t.personId, t.hubId] }),
    index('reporting_programme_people_strand_idx').on(t.strand, t.ncpYearCode),
  ],
);
