import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { academicYears } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

/**
 * The types of NCP, as the handbook groups them; Research and Innovation Work Groups (RIWGs, codes like
 * RIWG23-01) are catalogued as their own type and counted apart from the NCPs (the handbook's "33 NCPs").
 */
export const ncpTypes = [
  'work_group',
  'programme',
  'community',
  'intensive_support',
  'research_innovation',
] as const;
export type NcpType = (typeof ncpTypes)[number];
export const ncpTypeNames: Record<NcpType, string> = {
  work_group: 'Work Group',
  programme: 'Programme',
  community: 'Community',
  intensive_support: 'Intensive Support',
  research_innovation: 'Research and Innovation Work Group',
};

export const ncpPhases = ['primary', 'secondary', 'post_16', 'cross_phase', 'special'] as const;
export type NcpPhase = (typeof ncpPhases)[number];

export const participationLevels = ['required', 'strongly_recommended', 'not_required'] as const;
export type ParticipationLevel = (typeof participationLevels)[number];

/** The Teaching for Mastery stages of a school's journey, in order; Sustaining is permanent. */
export const tfmStages = ['readiness', 'development', 'embedding', 'sustaining'] as const;
export type TfmStage = (typeof tfmStages)[number];

/**
 * The specification of an NCP, as sections A–K of the 2019/20 specifications: free text per heading,
 * outcomes under the Guskey headings. Every field is optional (the 2023/24 handbook gives less).
 */
export interface NcpSections {
  summary?: string;
  rationale?: string;
  outcomes?: {
    professionalLearning?: string;
    practiceDevelopment?: string;
    materials?: string;
    wholeSchool?: string;
    pupilOutcomes?: string;
  };
  models?: string;
  pct?: string;
  leads?: string;
  participants?: string;
  participationData?: string;
  nationalWorkshops?: string;
  finances?: string;
  evaluation?: string;
}

/**
 * A Network Collaborative Project in one year's catalogue. `rules` holds what the platform enforces
 * (group sizes, who may lead, school eligibility, prerequisites), validated by the catalogue module's
 * Zod schema (src/modules/catalogue/rules.ts). `completesTfmStage` is the Teaching for Mastery stage a
 * school reaches by completing a Work Group of this NCP; `nextNcpCode` links a two-phase programme's
 * first phase to its second (in the next year's catalogue).
 */
export const ncps = pgTable(
  'ncps',
  {
    id: serial('id').primaryKey(),
    yearCode: text('year_code')
      .notNull()
      .references(() => academicYears.code),
    code: text('code').notNull(),
    title: text('title').notNull(),
    strand: text('strand'),
    phases: text('phases').array().$type<NcpPhase[]>().notNull(),
    type: text('type').$type<NcpType>().notNull(),
    participation: text('participation').$type<ParticipationLevel>().notNull().default('not_required'),
    sections: jsonb('sections').$type<NcpSections>().notNull().default({}),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull().default({}),
    completesTfmStage: text('completes_tfm_stage').$type<TfmStage>(),
    nextNcpCode: text('next_ncp_code'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised on every change to what its edit form edits (platform/edit-versions.ts, migration 0013). */
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('ncps_year_code_uq').on(t.yearCode, t.code), index('ncps_year_idx').on(t.yearCode)],
);

/**
 * A year's catalogue and whether it is published (migration 0020). A catalogue copied forward starts as
 * a draft (`publishedAt` null) that only the national team sees; hubs plan only under published ones. A
 * year with NCPs and no row here counts as published (publication.ts).
 */
export const catalogueYears = pgTable('catalogue_years', {
  yearCode: text('year_code')
    .primaryKey()
    .references(() => academicYears.code),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedByPersonId: integer('published_by_person_id').references(() => people.id),
});
