import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The English local authorities with their 3-digit DfE codes. */
export const localAuthorities = pgTable('local_authorities', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  gssCode: text('gss_code').notNull(),
  regionCode: text('region_code').notNull(),
  regionName: text('region_name').notNull(),
  entity: text('entity').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Raised on every change to what its edit form edits (platform/edit-versions.ts, migration 0013). */
  version: integer('version').notNull().default(1),
});

/** One of the 40 Maths Hubs. */
export const hubs = pgTable('hubs', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  leadSchoolName: text('lead_school_name'),
  leadSchoolUrn: integer('lead_school_urn'),
  contactEmail: text('contact_email'),
  contactPhone: text('contact_phone'),
  website: text('website'),
  /** 'confirmed' when the name is confirmed by a public source, else 'unverified'. */
  nameStatus: text('name_status').notNull().default('confirmed'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Raised on every change to what its edit form edits (platform/edit-versions.ts, migration 0013). */
  version: integer('version').notNull().default(1),
});

/**
 * A hub's area: a local authority, optionally narrowed to one district of it. A district (or a whole
 * LA) belongs to at most one hub. `isDemonstration` marks assignments made up for the demo network.
 */
export const hubAreas = pgTable(
  'hub_areas',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    laCode: text('la_code')
      .notNull()
      .references(() => localAuthorities.code),
    districtCode: text('district_code'),
    districtName: text('district_name'),
    isDemonstration: boolean('is_demonstration').notNull().default(false),
  },
  (t) => [
    uniqueIndex('hub_areas_la_district_uq').on(t.laCode, sql`coalesce(${t.districtCode}, '')`),
    index('hub_areas_hub_idx').on(t.hubId),
  ],
);

/** Academic years run 1 September to 31 August and are written `2023/24`. */
export const academicYears = pgTable('academic_years', {
  code: text('code').primaryKey(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
});
