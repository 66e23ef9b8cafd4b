import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Our classification of a school's phase, from GIAS phase and establishment type. */
export const schoolPhases = [
  'nursery',
  'primary',
  'secondary',
  'all_through',
  'special',
  'post_16',
  'other',
] as const;
export type SchoolPhase = (typeof schoolPhases)[number];

/**
 * An establishment on the DfE register (GIAS), keyed by URN. The columns only ever shown (street,
 * locality, town, website, telephone, UKPRN, establishment number, last changed date, statutory ages,
 * number of pupils, percentage FSM, trust name, type code and name, type group, status name, phase of
 * education, region name, updated at) have no planner statistics (migration 0048, `SET STATISTICS 0`,
 * which Drizzle does not describe): give a column its statistics back before filtering on it.
 */
export const schools = pgTable(
  'schools',
  {
    urn: integer('urn').primaryKey(),
    laCode: text('la_code').notNull(),
    establishmentNumber: text('establishment_number'),
    name: text('name').notNull(),
    typeCode: text('type_code'),
    typeName: text('type_name').notNull(),
    typeGroupName: text('type_group_name'),
    statusName: text('status_name').notNull(),
    isOpen: boolean('is_open').notNull(),
    openDate: date('open_date'),
    closeDate: date('close_date'),
    phaseOfEducation: text('phase_of_education'),
    phase: text('phase').$type<SchoolPhase>().notNull(),
    isStateFunded: boolean('is_state_funded').notNull(),
    statutoryLowAge: integer('statutory_low_age'),
    statutoryHighAge: integer('statutory_high_age'),
    hasSixthForm: boolean('has_sixth_form'),
    numberOfPupils: integer('number_of_pupils'),
    percentageFsm: numeric('percentage_fsm', { precision: 5, scale: 2 }),
    trustName: text('trust_name'),
    street: text('street'),
    locality: text('locality'),
    town: text('town'),
    postcode: text('postcode'),
    districtCode: text('district_code'),
    districtName: text('district_name'),
    regionName: text('region_name'),
    ukprn: text('ukprn'),
    website: text('website'),
    telephone: text('telephone'),
    lastChangedDate: date('last_changed_date'),
    /** Where the record came from: 'gias' for an import, 'demo' for the synthetic network. */
    source: text('source').notNull().default('gias'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('schools_la_idx').on(t.laCode),
    // Postcode prefixes ("LS1", "LS14AB") with spaces ignored; text_pattern_ops serves LIKE 'x%' in any collation.
    index('schools_postcode_idx').on(sql`replace(upper(${t.postcode}), ' ', '') text_pattern_ops`),
    // Word-prefix search of names: every word typed must begin a word of the name.
    index('schools_name_search_idx').using('gin', sql`to_tsvector('simple', ${t.name})`),
  ],
);

/** The GIAS links file: predecessor and successor URNs (academy conversions, mergers, closures). */
export const schoolLinks = pgTable(
  'school_links',
  {
    urn: integer('urn').notNull(),
    linkedUrn: integer('linked_urn').notNull(),
    linkName: text('link_name'),
    linkType: text('link_type').notNull(),
    establishedOn: date('established_on'),
  },
  (t) => [
    primaryKey({ columns: [t.urn, t.linkedUrn, t.linkType] }),
    index('school_links_linked_idx').on(t.linkedUrn),
  ],
);

/**
 * The current school of every URN with a successor, kept from `school_links` by a trigger (migration
 * 0045) and read by the journeys' `succession` (journeys/succession.ts).
 */
export const schoolSuccessions = pgTable(
  'school_successions',
  {
    urn: integer('urn').primaryKey(),
    currentUrn: integer('current_urn').notNull(),
  },
  (t) => [index('school_successions_current_idx').on(t.currentUrn)],
);

/** A record of each import of a register file. */
export const registerImports = pgTable('register_imports', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  fileName: text('file_name').notNull(),
  rowCount: integer('row_count').notNull(),
  added: integer('added').notNull(),
  updated: integer('updated').notNull(),
  unchanged: integer('unchanged').notNull(),
  /** Who imported it: a person by id (their name is looked up when shown), or a label like `cli:USER`. */
  actorPersonId: integer('actor_person_id'),
  actorLabel: text('actor_label').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});
