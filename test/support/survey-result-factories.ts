import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  type SurveyKind,
  surveyAnswers,
  surveyInvitations,
  surveyQuestions,
  surveyTemplates,
} from '../../src/modules/evaluation/survey-schema.ts';
import type { Database } from '../../src/platform/database.ts';

/** A question of a test template: its key, type and (for choices) options. */
export interface TestQuestion {
  key: string;
  type: 'agreement' | 'single_choice' | 'multiple_choice' | 'number' | 'free_text';
  text?: string;
  options?: string[];
}

/** A published template of an NCP and kind, with its questions. */
export async function makeSurveyTemplate(
  db: Database,
  input: {
    ncpKey: string;
    kind: SurveyKind;
    questions: TestQuestion[];
    anonymousFreeText?: boolean;
    version?: number;
  },
) {
  const [template] = await db
    .insert(surveyTemplates)
    .values({
      ncpKey: input.ncpKey,
      kind: input.kind,
      version: input.version ?? 1,
      title: `Test ${input.kind} survey`,
      anonymousFreeText: input.anonymousFreeText ?? false,
      publishedAt: new Date(),
    })
    .returning();
  await db.insert(surveyQuestions).values(
    input.questions.map((q, i) => ({
      templateId: template!.id,
      position: i + 1,
      key: q.key,
      type: q.type,
      text: q.text ?? `Question ${q.key}`,
      options: q.options ?? [],
    })),
  );
  return template!;
}

/** An answer as a test gives it: a number (agreement or number), a text, or the choices. */
export type TestAnswer = number | string | string[];

/**
 * A person's invitation to a template's survey about an activity, submitted with these answers by
 * question key (or only issued, when `answers` is null).
 */
export async function answerSurvey(
  db: Database,
  input: {
    templateId: number;
    activity: { id: number; hubId: number; yearCode: string };
    personId: number;
    answers: Record<string, TestAnswer> | null;
  },
) {
  const [template] = await db.select().from(surveyTemplates).where(eq(surveyTemplates.id, input.templateId));
  const [invitation] = await db
    .insert(surveyInvitations)
    .values({
      templateId: input.templateId,
      activityId: input.activity.id,
      hubId: input.activity.hubId,
      personId: input.personId,
      yearCode: input.activity.yearCode,
      kind: template!.kind,
      tokenHash: randomUUID(),
      submittedAt: input.answers ? new Date() : null,
    })
    .returning();
  for (const [key, value] of Object.entries(input.answers ?? {})) {
    const [question] = await db
      .select()
      .from(surveyQuestions)
      .where(and(eq(surveyQuestions.templateId, input.templateId), eq(surveyQuestions.key, key)));
    if (!question) throw new Error(`The template has no question ${key}`);
    const isChoice = question.type === 'single_choice' || question.type === 'multiple_choice';
    await db.insert(surveyAnswers).values({
      invitationId: invitation!.id,
      questionId: question.id,
      valueNumber: typeof value === 'number' ? String(value) : null,
      // As the answer form stores them: a single choice is a list of one.
      valueText: typeof value === 'string' && !isChoice ? value : null,
      valueChoices: Array.isArray(value) ? value : typeof value === 'string' && isChoice ? [value] : null,
    });
  }
  return invitation!;
}
