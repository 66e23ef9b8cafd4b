import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import {
  checkQuestion,
  checkTemplateDetails,
  type QuestionInput,
  type TemplateDetails,
} from './survey-rules.ts';
import { type QuestionType, type SurveyKind, surveyQuestions, surveyTemplates } from './survey-schema.ts';

/**
 * Survey templates (national administrators): one per NCP (its key, `ncpKeyOf`) and kind, in versions.
 * A version is edited (its details, its questions added or removed) until anyone has answered it; after
 * that every edit is refused and "Save as a new version" makes version n+1 with the same questions.
 * Publishing makes a version the one new invitations take (the newest published version).
 */

type Template = typeof surveyTemplates.$inferSelect;

const refOf = (t: Template) => ({ ncpKey: t.ncpKey, kind: t.kind, version: t.version });

/** Whether anyone has answered (or submitted) this version: then it never changes. */
async function hasAnswers(tx: Executor, templateId: number): Promise<boolean> {
  const { rows } = await tx.execute<{ answered: boolean }>(sql`SELECT EXISTS (
      SELECT 1 FROM survey_invitations i WHERE i.template_id = ${templateId}
        AND (i.submitted_at IS NOT NULL OR EXISTS (SELECT 1 FROM survey_answers a WHERE a.invitation_id = i.id))
    ) AS answered`);
  return !!rows[0]?.answered;
}

export const ANSWERED_TEMPLATE =
  'People have answered this version, so it cannot change: use “Save as a new version” to change the questions';

/** The template locked for a change, refused if it has answers. */
async function editable(tx: Executor, templateId: number): Promise<Template> {
  const [t] = await tx.select().from(surveyTemplates).where(eq(surveyTemplates.id, templateId)).for('update');
  if (!t) throw new NotFoundError('There is no such survey template');
  if (await hasAnswers(tx, templateId)) throw new ConflictError(ANSWERED_TEMPLATE);
  return t;
}

/** Creates version 1 of a template for an NCP and kind (refused if one exists: edit it or make a new version). */
export async function createTemplate(
  db: Executor,
  actor: Actor,
  input: TemplateDetails & { ncpKey: string; kind: SurveyKind },
): Promise<{ id: number }> {
  const details = checkTemplateDetails(input);
  return db.transaction(async (tx) => {
    const { rows: known } = await tx.execute(
      sql`SELECT 1 FROM ncps WHERE regexp_replace(code, '^NCP\\d\\d-', '') = ${input.ncpKey} LIMIT 1`,
    );
    if (!input.ncpKey || !known.length) {
      throw new ValidationError([
        { field: 'ncpCode', message: 'Enter the code of an NCP in the catalogue, for example NCP23-09' },
      ]);
    }
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('survey_templates'))`);
    const [existing] = await tx
      .select({ id: surveyTemplates.id })
      .from(surveyTemplates)
      .where(and(eq(surveyTemplates.ncpKey, input.ncpKey), eq(surveyTemplates.kind, input.kind)))
      .limit(1);
    if (existing) {
      throw new ConflictError(
        'There is already a template for this NCP and kind of survey: open it, and save a new version to change it',
      );
    }
    const [t] = await tx
      .insert(surveyTemplates)
      .values({
        ...details,
        ncpKey: input.ncpKey,
        kind: input.kind,
        version: 1,
        createdByPersonId: actor.personId,
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'survey_template.created',
      subjectType: 'survey_template',
      subjectId: t!.id,
      changes: refOf(t!),
    });
    return { id: t!.id };
  });
}

/** Changes a version's title, introduction and anonymous free-text flag (refused once answered). */
export async function updateTemplateDetails(
  db: Executor,
  actor: Actor,
  input: TemplateDetails & { templateId: number },
): Promise<void> {
  const details = checkTemplateDetails(input);
  await db.transaction(async (tx) => {
    const t = await editable(tx, input.templateId);
    await tx.update(surveyTemplates).set(details).where(eq(surveyTemplates.id, t.id));
    await recordEvent(tx, actor, {
      action: 'survey_template.changed',
      subjectType: 'survey_template',
      subjectId: t.id,
      changes: { ...refOf(t), change: 'details' },
    });
  });
}

/** Adds a question at the end of a version (refused once answered, or with a key the version has). */
export async function addQuestion(
  db: Executor,
  actor: Actor,
  input: QuestionInput & { templateId: number },
): Promise<void> {
  const q = checkQuestion(input);
  await db.transaction(async (tx) => {
    const t = await editable(tx, input.templateId);
    const rows = await tx
      .select({ key: surveyQuestions.key, position: surveyQuestions.position })
      .from(surveyQuestions)
      .where(eq(surveyQuestions.templateId, t.id));
    if (rows.some((r) => r.key === q.key)) {
      throw new ValidationError([
        { field: 'key', message: `This template already has a question with the key “${q.key}”` },
      ]);
    }
    const position = Math.max(0, ...rows.map((r) => r.position)) + 1;
    await tx.insert(surveyQuestions).values({ ...q, templateId: t.id, position });
    await recordEvent(tx, actor, {
      action: 'survey_template.changed',
      subjectType: 'survey_template',
      subjectId: t.id,
      changes: { ...refOf(t), change: 'question added', questionKey: q.key },
    });
  });
}

/** Removes a question from a version (refused once answered). */
export async function removeQuestion(
  db: Executor,
  actor: Actor,
  input: { templateId: number; questionId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const t = await editable(tx, input.templateId);
    const [gone] = await tx
      .delete(surveyQuestions)
      .where(and(eq(surveyQuestions.id, input.questionId), eq(surveyQuestions.templateId, t.id)))
      .returning();
    if (!gone) throw new ConflictError('That question is no longer in this template');
    await recordEvent(tx, actor, {
      action: 'survey_template.changed',
      subjectType: 'survey_template',
      subjectId: t.id,
      changes: { ...refOf(t), change: 'question removed', questionKey: gone.key },
    });
  });
}

/** Publishes a version: new invitations take the newest published version. Needs at least one question. */
export async function publishTemplate(
  db: Executor,
  actor: Actor,
  input: { templateId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [t] = await tx
      .select()
      .from(surveyTemplates)
      .where(eq(surveyTemplates.id, input.templateId))
      .for('update');
    if (!t) throw new NotFoundError('There is no such survey template');
    if (t.publishedAt) throw new ConflictError('This version has already been published');
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(surveyQuestions)
      .where(eq(surveyQuestions.templateId, t.id));
    if (!n?.n) throw new ConflictError('Add at least one question before publishing the template');
    await tx.update(surveyTemplates).set({ publishedAt: sql`now()` }).where(eq(surveyTemplates.id, t.id));
    await recordEvent(tx, actor, {
      action: 'survey_template.published',
      subjectType: 'survey_template',
      subjectId: t.id,
      changes: refOf(t),
    });
  });
}

/**
 * "Save as a new version": version n+1 (n the newest of the NCP and kind) with this version's details
 * and questions (same keys, so before/after pairs them), unpublished until published.
 */
export async function saveAsNewVersion(
  db: Executor,
  actor: Actor,
  input: { templateId: number },
): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('survey_templates'))`);
    const [from] = await tx.select().from(surveyTemplates).where(eq(surveyTemplates.id, input.templateId));
    if (!from) throw new NotFoundError('There is no such survey template');
    const [newest] = await tx
      .select({ version: sql<number>`max(${surveyTemplates.version})::int` })
      .from(surveyTemplates)
      .where(and(eq(surveyTemplates.ncpKey, from.ncpKey), eq(surveyTemplates.kind, from.kind)));
    const [t] = await tx
      .insert(surveyTemplates)
      .values({
        ncpKey: from.ncpKey,
        kind: from.kind,
        version: (newest?.version ?? from.version) + 1,
        title: from.title,
        introduction: from.introduction,
        anonymousFreeText: from.anonymousFreeText,
        createdByPersonId: actor.personId,
      })
      .returning();
    await tx.execute(sql`INSERT INTO survey_questions (template_id, position, key, type, text, hint, options, required)
      SELECT ${t!.id}, position, key, type, text, hint, options, required FROM survey_questions
      WHERE template_id = ${from.id}`);
    await recordEvent(tx, actor, {
      action: 'survey_template.created',
      subjectType: 'survey_template',
      subjectId: t!.id,
      changes: { ...refOf(t!), copiedFromTemplateId: from.id },
    });
    return { id: t!.id };
  });
}

export interface TemplateSummary {
  id: number;
  ncpKey: string;
  kind: SurveyKind;
  version: number;
  title: string;
  publishedAt: Date | null;
  questions: number;
  invitations: number;
}

/** Every template version, by NCP, kind and version (newest first within each). */
export async function listTemplates(db: Executor): Promise<TemplateSummary[]> {
  return db
    .select({
      id: surveyTemplates.id,
      ncpKey: surveyTemplates.ncpKey,
      kind: surveyTemplates.kind,
      version: surveyTemplates.version,
      title: surveyTemplates.title,
      publishedAt: surveyTemplates.publishedAt,
      questions: sql<number>`(SELECT count(*)::int FROM survey_questions q WHERE q.template_id = ${surveyTemplates.id})`,
      invitations: sql<number>`(SELECT count(*)::int FROM survey_invitations i WHERE i.template_id = ${surveyTemplates.id})`,
    })
    .from(surveyTemplates)
    .orderBy(asc(surveyTemplates.ncpKey), asc(surveyTemplates.kind), desc(surveyTemplates.version));
}

export interface TemplateQuestion {
  id: number;
  position: number;
  key: string;
  type: QuestionType;
  text: string;
  hint: string | null;
  options: string[];
  required: boolean;
}

/** One version with its questions, whether it has answers, and the newest version of its NCP and kind. */
export async function getTemplate(db: Executor, templateId: number) {
  const [t] = await db.select().from(surveyTemplates).where(eq(surveyTemplates.id, templateId));
  if (!t) throw new NotFoundError('There is no such survey template');
  const [questions, answered, newest] = await readsAtOnce(db, [
    () => questionsOf(db, t.id),
    () => hasAnswers(db, t.id),
    () =>
      db
        .select({ version: sql<number>`max(${surveyTemplates.version})::int` })
        .from(surveyTemplates)
        .where(and(eq(surveyTemplates.ncpKey, t.ncpKey), eq(surveyTemplates.kind, t.kind))),
  ]);
  return {
    template: t,
    questions,
    answered,
    newestVersion: newest[0]?.version ?? t.version,
  };
}

/** The questions of a version, in order (the answer form). */
export async function questionsOf(db: Executor, templateId: number): Promise<TemplateQuestion[]> {
  return (await db
    .select({
      id: surveyQuestions.id,
      position: surveyQuestions.position,
      key: surveyQuestions.key,
      type: surveyQuestions.type,
      text: surveyQuestions.text,
      hint: surveyQuestions.hint,
      options: surveyQuestions.options,
      required: surveyQuestions.required,
    })
    .from(surveyQuestions)
    .where(eq(surveyQuestions.templateId, templateId))
    .orderBy(asc(surveyQuestions.position))) as TemplateQuestion[];
}
