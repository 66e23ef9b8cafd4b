import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { enrolments, hubActivities } from '../activities/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';

/**
 * The national surveys (issue 15; the specifications' section K): templates per NCP and kind, versioned;
 * the windows each year in which each kind is open; each person's invitation (their own link) and
 * answers. Migration 0034.
 */

/** The kinds of survey: participants early in the year (autumn) and in the summer, and LLMEs at the end of the year. */
export const surveyKinds = ['participant_early', 'participant_summer', 'llme_end_of_year'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

/** Question types: an agreement scale (1 strongly disagree … 5 strongly agree), single and multiple choice, a number, free text. */
export const questionTypes = [
  'agreement',
  'single_choice',
  'multiple_choice',
  'number',
  'free_text',
] as const;
export type QuestionType = (typeof questionTypes)[number];

/**
 * A survey template: one NCP (by its code without the year, `ncpKeyOf('NCP23-09')` = `09`, so a template
 * lasts across years) and kind, in versions. A version with answers never changes: an edit makes the
 * next version, and new invitations take the newest published version.
 */
export const surveyTemplates = pgTable(
  'survey_templates',
  {
    id: serial('id').primaryKey(),
    ncpKey: text('ncp_key').notNull(),
    kind: text('kind').$type<SurveyKind>().notNull(),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    introduction: text('introduction'),
    /** Free-text answers are shown to leads without the participant's name. */
    anonymousFreeText: boolean('anonymous_free_text').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByPersonId: integer('created_by_person_id').references(() => people.id),
  },
  (t) => [uniqueIndex('survey_templates_uq').on(t.ncpKey, t.kind, t.version)],
);

/**
 * A question of a template version. `key` names the question across templates: a question asked with
 * the same key in the early and the summer survey of an NCP is compared before and after.
 */
export const surveyQuestions = pgTable(
  'survey_questions',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => surveyTemplates.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    key: text('key').notNull(),
    type: text('type').$type<QuestionType>().notNull(),
    text: text('text').notNull(),
    hint: text('hint'),
    /** The choices of a single or multiple choice question. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(true),
  },
  (t) => [
    uniqueIndex('survey_questions_position_uq').on(t.templateId, t.position),
    uniqueIndex('survey_questions_key_uq').on(t.templateId, t.key),
  ],
);

/** The window in which a kind of survey is open in an academic year (set by the national team). */
export const surveyWindows = pgTable(
  'survey_windows',
  {
    id: serial('id').primaryKey(),
    yearCode: text('year_code').notNull(),
    kind: text('kind').$type<SurveyKind>().notNull(),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
  },
  (t) => [uniqueIndex('survey_windows_uq').on(t.yearCode, t.kind)],
);

/**
 * A person's invitation to answer one survey about one activity: their own link (only a hash of its
 * token is kept), when it was issued and reminded, and when they submitted (answers editable until the
 * window closes). One invitation per activity, person and kind.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => surveyTemplates.id),
    activityId: integer('activity_id')
      .notNull()
      .references(() => hubActivities.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    /** The participant's enrolment (none for an LLME's survey). */
    enrolmentId: integer('enrolment_id').references(() => enrolments.id, { onDelete: 'set null' }),
    yearCode: text('year_code').notNull(),
    kind: text('kind').$type<SurveyKind>().notNull(),
    tokenHash: text('token_hash').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('survey_invitations_uq').on(t.activityId, t.personId, t.kind),
    uniqueIndex('survey_invitations_token_uq').on(t.tokenHash),
    index('survey_invitations_person_idx').on(t.personId),
    index('survey_invitations_template_idx').on(t.templateId),
    index('survey_invitations_hub_year_idx').on(t.hubId, t.yearCode),
  ],
);

/** An answer to one question: a number (agreement 1–5, or a number), a text, or the choices made. */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    id: serial('id').primaryKey(),
    invitationId: integer('invitation_id')
      .notNull()
      .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => surveyQuestions.id),
    valueNumber: numeric('value_number'),
    valueText: text('value_text'),
    valueChoices: text('value_choices').array().$type<string[]>(),
  },
  (t) => [
    uniqueIndex('survey_answers_uq').on(t.invitationId, t.questionId),
    index('survey_answers_question_idx').on(t.questionId),
  ],
);

/**
 * The number of each agreement statement (by key) of an NCP's participant surveys, given once, in the
 * order the statements were first written, and never changed (numbered by a trigger on
 * `survey_questions`; migration 0037). The before/after packs answers by these numbers.
 */
export const surveyStatementNumbers = pgTable(
  'survey_statement_numbers',
  {
    ncpKey: text('ncp_key').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ncpKey, t.key] }),
    uniqueIndex('survey_statement_numbers_n_uq').on(t.ncpKey, t.n),
  ],
);

/**
 * Each invitation's agreement answers packed three bits a statement (1 to 5; 0 is no answer) by the
 * statement's number: numbers 0–20 in `pack0`, 21–41 in `pack1`. Kept by triggers on `survey_answers`
 * (migration 0037), whoever writes the answers, so the before/after reads one small row per invitation
 * instead of every answer. Derived data: never written by the application.
 */
export const surveyAnswerPacks = pgTable('survey_answer_packs', {
  invitationId: integer('invitation_id')
    .primaryKey()
    .references(() => surveyInvitations.id, { onDelete: 'cascade' }),
  pack0: bigint('pack0', { mode: 'bigint' }),
  pack1: bigint('pack1', { mode: 'bigint' }),
});

/** An NCP's code without its year (`NCP23-09` → `09`, `NCP23-28a` → `28a`): what a template is for. */
export const ncpKeyOf = (code: string) => code.replace(/^NCP\d\d-/, '');
