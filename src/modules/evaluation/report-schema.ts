import { sql } from 'drizzle-orm';
import {
  check,
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
import { academicYears, hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

/**
 * Evaluation reports (issue 15; seed 000, an Evaluation-in-Residence case report): a hub's report (with
 * its hub) or an NCP's report (national, with the NCP family's key and no hub), its co-authors, the
 * evidence it draws on, its themes (a finding each) and each theme's possible implications, which are
 * the actions followed up to done once the report is published. Migration 0036.
 */

export const reportStatuses = ['draft', 'published'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const actionStatuses = ['open', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const evidenceKinds = [
  'survey_results',
  'visit_records',
  'registers',
  'progression_funnels',
  'activity',
  'other',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export const evaluationReports = pgTable(
  'evaluation_reports',
  {
    id: serial('id').primaryKey(),
    /** The hub whose report it is; none for an NCP's report written by the national team. */
    hubId: integer('hub_id').references(() => hubs.id),
    /** The NCP family (`ncpKeyOf('NCP23-09')` = `09`): required for an NCP's report, optional for a hub's. */
    ncpKey: text('ncp_key'),
    yearCode: text('year_code')
      .notNull()
      .references(() => academicYears.code),
    title: text('title').notNull(),
    researchQuestions: text('research_questions').array().notNull().default(sql`'{}'::text[]`),
    context: text('context').notNull().default(''),
    activityAndData: text('activity_and_data').notNull().default(''),
    conclusion: text('conclusion').notNull().default(''),
    status: text('status').$type<ReportStatus>().notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('evaluation_reports_hub_year_idx').on(t.hubId, t.yearCode),
    index('evaluation_reports_ncp_year_idx').on(t.ncpKey, t.yearCode),
    check('evaluation_reports_status_check', sql`${t.status} IN ('draft', 'published')`),
    check('evaluation_reports_owner_check', sql`${t.hubId} IS NOT NULL OR ${t.ncpKey} IS NOT NULL`),
  ],
);

/** LLMEs of the hub named as co-authors of a hub's report. */
export const evaluationReportCoauthors = pgTable(
  'evaluation_report_coauthors',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => evaluationReports.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
  },
  (t) => [
    primaryKey({ name: 'evaluation_report_coauthors_pk', columns: [t.reportId, t.personId] }),
    index('evaluation_report_coauthors_person_idx').on(t.personId),
  ],
);

/** The evidence a report draws on: a platform address (starting with "/") or an https URL, with its kind. */
export const evaluationReportEvidence = pgTable(
  'evaluation_report_evidence',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => evaluationReports.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').$type<EvidenceKind>().notNull(),
    address: text('address').notNull(),
    label: text('label').notNull(),
  },
  (t) => [
    uniqueIndex('evaluation_report_evidence_uq').on(t.reportId, t.position),
    check(
      'evaluation_report_evidence_kind_check',
      sql`${t.kind} IN ('survey_results', 'visit_records', 'registers', 'progression_funnels', 'activity', 'other')`,
    ),
  ],
);

/** A theme of a report: its finding (searched nationally with its implications). */
export const evaluationReportThemes = pgTable(
  'evaluation_report_themes',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => evaluationReports.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    finding: text('finding').notNull(),
  },
  (t) => [
    uniqueIndex('evaluation_report_themes_uq').on(t.reportId, t.position),
    index('evaluation_report_themes_search_idx').using('gin', sql`to_tsvector('english', ${t.finding})`),
  ],
);

/**
 * A possible implication of a theme, which is an action once the report is published: its owner, due
 * date and status (open → in progress → done, done with a closing note).
 */
export const evaluationReportActions = pgTable(
  'evaluation_report_actions',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => evaluationReports.id, { onDelete: 'cascade' }),
    themeId: integer('theme_id')
      .notNull()
      .references(() => evaluationReportThemes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    implication: text('implication').notNull(),
    ownerPersonId: integer('owner_person_id').references(() => people.id),
    dueOn: date('due_on'),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    closingNote: text('closing_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('evaluation_report_actions_uq').on(t.themeId, t.position),
    index('evaluation_report_actions_report_idx').on(t.reportId),
    index('evaluation_report_actions_owner_idx').on(t.ownerPersonId),
    index('evaluation_report_actions_search_idx').using('gin', sql`to_tsvector('english', ${t.implication})`),
    check('evaluation_report_actions_status_check', sql`${t.status} IN ('open', 'in_progress', 'done')`),
    check(
      'evaluation_report_actions_done_check',
      sql`${t.status} <> 'done' OR (${t.closingNote} IS NOT NULL AND ${t.closedAt} IS NOT NULL)`,
    ),
  ],
);
