import { and, eq, notInArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/tokens.ts';
import { checkAnswers } from './survey-rules.ts';
import { type SurveyKind, surveyAnswers, surveyInvitations } from './survey-schema.ts';
import { questionsOf, type TemplateQuestion } from './survey-templates.ts';

export interface InvitationView {
  id: number;
  personId: number;
  activityId: number;
  activityTitle: string;
  hubId: number;
  kind: SurveyKind;
  yearCode: string;
  templateId: number;
  title: string;
  introduction: string | null;
  submittedAt: Date | string | null;
  updatedAt: Date | string | null;
  opensOn: string | null;
  closesOn: string | null;
  questions: TemplateQuestion[];
  /** The answers given, as the form's values (`q<id>`: text, or a list for multiple choice). */
  answers: Record<string, string | string[]>;
}

/** Whether answers may still change today (the window has not closed). */
export const isClosed = (v: { closesOn: string | null }, today: string) =>
  v.closesOn !== null && v.closesOn < today;

/** The invitation behind a link (by its token's hash) or by id, with its questions and answers; else not found. */
export async function loadInvitation(
  db: Executor,
  by: { token: string } | { invitationId: number },
): Promise<InvitationView> {
  const where = 'token' in by ? sql`i.token_hash = ${sha256(by.token)}` : sql`i.id = ${by.invitationId}`;
  const { rows } = await db.execute<Omit<InvitationView, 'questions' | 'answers'>>(sql`
    SELECT i.id, i.person_id AS "personId", i.activity_id AS "activityId", ha.title AS "activityTitle",
      i.hub_id AS "hubId", i.kind, i.year_code AS "yearCode", i.template_id AS "templateId", t.title,
      t.introduction, i.submitted_at AS "submittedAt", i.updated_at AS "updatedAt",
      w.opens_on::text AS "opensOn", w.closes_on::text AS "closesOn"
    FROM survey_invitations i
    JOIN hub_activities ha ON ha.id = i.activity_id
    JOIN survey_templates t ON t.id = i.template_id
    LEFT JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
    WHERE ${where}`);
  const row = rows[0];
  if (!row) throw new NotFoundError('There is no such survey');
  const [questions, given] = await readsAtOnce(db, [
    () => questionsOf(db, row.templateId),
    () => db.select().from(surveyAnswers).where(eq(surveyAnswers.invitationId, row.id)),
  ]);
  const answers: Record<string, string | string[]> = {};
  for (const a of given) {
    const field = `q${a.questionId}`;
    const q = questions.find((x) => x.id === a.questionId);
    if (q?.type === 'multiple_choice') answers[field] = a.valueChoices ?? [];
    else if (a.valueChoices?.length) answers[field] = a.valueChoices[0]!;
    else if (a.valueNumber !== null) answers[field] = String(Number(a.valueNumber));
    else answers[field] = a.valueText ?? '';
  }
  return { ...row, questions, answers };
}

/**
 * Saves a person's answers to their invitation: one answer set per invitation, every answer checked
 * (required ones given, agreement 1 to 5, numbers, choices among the options); submitting again
 * replaces the answers (no second row); refused once the window has closed. The person answering is
 * the invitation's person (the link is theirs), whether signed in or not.
 */
export async function submitSurveyAnswers(
  db: Executor,
  actor: Actor,
  input: { invitationId: number; body: Record<string, unknown>; today: string },
): Promise<{ first: boolean }> {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.id, input.invitationId))
      .for('update');
    if (!inv) throw new NotFoundError('There is no such survey');
    const { rows } = await tx.execute<{ closes_on: string }>(sql`
      SELECT closes_on::text FROM survey_windows WHERE year_code = ${inv.yearCode} AND kind = ${inv.kind}`);
    const closesOn = rows[0]?.closes_on ?? null;
    if (closesOn && closesOn < input.today)
      throw new ConflictError(
        `This survey closed on ${formatDate(closesOn)}: answers can no longer be changed`,
      );
    const questions = await questionsOf(tx, inv.templateId);
    const answers = checkAnswers(questions, input.body);
    const kept = answers.map((a) => a.questionId);
    await tx
      .delete(surveyAnswers)
      .where(
        and(
          eq(surveyAnswers.invitationId, inv.id),
          kept.length ? notInArray(surveyAnswers.questionId, kept) : undefined,
        ),
      );
    if (answers.length) {
      await tx
        .insert(surveyAnswers)
        .values(answers.map((a) => ({ ...a, invitationId: inv.id })))
        .onConflictDoUpdate({
          target: [surveyAnswers.invitationId, surveyAnswers.questionId],
          set: {
            valueNumber: sql`excluded.value_number`,
            valueText: sql`excluded.value_text`,
            valueChoices: sql`excluded.value_choices`,
          },
        });
    }
    const first = inv.submittedAt === null;
    await tx
      .update(surveyInvitations)
      .set({ submittedAt: inv.submittedAt ?? sql`now()`, updatedAt: sql`now()` })
      .where(eq(surveyInvitations.id, inv.id));
    await recordEvent(tx, actor, {
      action: 'survey.answered',
      subjectType: 'survey_invitation',
      subjectId: inv.id,
      hubId: inv.hubId,
      changes: {
        activityId: inv.activityId,
        personId: inv.personId,
        kind: inv.kind,
        answers: answers.length,
        first,
      },
    });
    return { first };
  });
}

export type MySurvey = {
  id: number;
  activityTitle: string;
  kind: SurveyKind;
  yearCode: string;
  title: string;
  submittedAt: Date | string | null;
  closesOn: string | null;
};

/** A person's surveys, newest first. */
export async function listMySurveys(db: Executor, personId: number): Promise<MySurvey[]> {
  const { rows } = await db.execute<MySurvey>(sql`
    SELECT i.id, ha.title AS "activityTitle", i.kind, i.year_code AS "yearCode", t.title,
      i.submitted_at AS "submittedAt", w.closes_on::text AS "closesOn"
    FROM survey_invitations i
    JOIN hub_activities ha ON ha.id = i.activity_id
    JOIN survey_templates t ON t.id = i.template_id
    LEFT JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
    WHERE i.person_id = ${personId}
    ORDER BY i.issued_at DESC, i.id DESC`);
  return rows;
}
