import { sql } from 'drizzle-orm';
import { newSurveyToken } from '../../src/modules/evaluation/survey-issue.ts';
import {
  type QuestionType,
  type SurveyKind,
  surveyInvitations,
  surveyQuestions,
  surveyTemplates,
  surveyWindows,
} from '../../src/modules/evaluation/survey-schema.ts';
import type { Database } from '../../src/platform/database.ts';

export interface QuestionSpec {
  key: string;
  type: QuestionType;
  text?: string;
  options?: string[];
  required?: boolean;
}

/** The five types of question, the first two required. */
export const fiveQuestions: QuestionSpec[] = [
  { key: 'confidence', type: 'agreement', text: 'I feel confident teaching mastery' },
  { key: 'role', type: 'single_choice', text: 'Your role', options: ['Class teacher', 'Subject leader'] },
  {
    key: 'used',
    type: 'multiple_choice',
    text: 'What have you used?',
    options: ['Representations', 'Variation', 'Small steps'],
    required: false,
  },
  { key: 'lessons', type: 'number', text: 'How many lessons changed?', required: false },
  { key: 'comments', type: 'free_text', text: 'Anything else?', required: false },
];

/** A template version with questions (published unless told). */
export async function makeSurveyTemplate(
  db: Database,
  options: {
    ncpKey?: string;
    kind?: SurveyKind;
    version?: number;
    title?: string;
    published?: boolean;
    questions?: QuestionSpec[];
  } = {},
) {
  const [t] = await db
    .insert(surveyTemplates)
    .values({
      ncpKey: options.ncpKey ?? '09',
      kind: options.kind ?? 'participant_early',
      version: options.version ?? 1,
      title: options.title ?? 'Early survey',
      publishedAt: options.published === false ? null : sql`now()`,
    })
    .returning();
  const questions = options.questions ?? fiveQuestions;
  const rows = questions.length
    ? await db
        .insert(surveyQuestions)
        .values(
          questions.map((q, i) => ({
            templateId: t!.id,
            position: i + 1,
            key: q.key,
            type: q.type,
            text: q.text ?? q.key,
            options: q.options ?? [],
            required: q.required ?? true,
          })),
        )
        .returning()
    : [];
  return { template: t!, questions: rows.sort((a, b) => a.position - b.position) };
}

export async function makeSurveyWindow(
  db: Database,
  window: { yearCode: string; kind?: SurveyKind; opensOn: string; closesOn: string },
) {
  const [w] = await db
    .insert(surveyWindows)
    .values({ kind: 'participant_early', ...window })
    .onConflictDoUpdate({
      target: [surveyWindows.yearCode, surveyWindows.kind],
      set: { opensOn: window.opensOn, closesOn: window.closesOn },
    })
    .returning();
  return w!;
}

/** An invitation with its token (the link's secret). */
export async function makeInvitation(
  db: Database,
  v: {
    templateId: number;
    activityId: number;
    hubId: number;
    personId: number;
    yearCode: string;
    kind?: SurveyKind;
    enrolmentId?: number;
  },
) {
  const { token, tokenHash } = newSurveyToken();
  const [i] = await db
    .insert(surveyInvitations)
    .values({ kind: 'participant_early', ...v, tokenHash })
    .returning();
  return { invitation: i!, token };
}

/**
 * The records the route tests need (`:templateId`, `:invitationId`, `:surveyToken`): a published
 * template of the early survey, its window for the year, and the person's invitation.
 */
export async function surveyRouteParams(
  db: Database,
  v: { activityId: number; hubId: number; personId: number; yearCode: string; ncpKey?: string },
): Promise<{ templateId: string; invitationId: string; surveyToken: string }> {
  const { template } = await makeSurveyTemplate(db, { ncpKey: v.ncpKey ?? '09' });
  const [start] = v.yearCode.split('/');
  await makeSurveyWindow(db, {
    yearCode: v.yearCode,
    opensOn: `${start}-09-01`,
    closesOn: `${Number(start) + 1}-08-31`,
  });
  const { invitation, token } = await makeInvitation(db, {
    templateId: template.id,
    activityId: v.activityId,
    hubId: v.hubId,
    personId: v.personId,
    yearCode: v.yearCode,
  });
  return { templateId: String(template.id), invitationId: String(invitation.id), surveyToken: token };
}
