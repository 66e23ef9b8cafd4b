import { type FieldError, ValidationError } from '../../platform/errors.ts';
import { type QuestionType, questionTypes, type SurveyKind, surveyKinds } from './survey-schema.ts';

/** The kinds of survey as people say them. */
export const surveyKindNames: Record<SurveyKind, string> = {
  participant_early: 'Participants: early (autumn)',
  participant_summer: 'Participants: summer',
  llme_end_of_year: 'LLMEs: end of year',
};

export const questionTypeNames: Record<QuestionType, string> = {
  agreement: 'Agreement scale (strongly disagree to strongly agree)',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  number: 'Number',
  free_text: 'Free text',
};

/** The agreement scale, 1 to 5. */
export const agreementWords = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];

export const isSurveyKind = (v: unknown): v is SurveyKind => surveyKinds.includes(v as SurveyKind);
const isQuestionType = (v: unknown): v is QuestionType => questionTypes.includes(v as QuestionType);

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export interface TemplateDetails {
  title: unknown;
  introduction?: unknown;
  anonymousFreeText?: unknown;
}

/** A template's details checked: a title (at most 200 characters), an optional introduction, the flag. */
export function checkTemplateDetails(input: TemplateDetails) {
  const title = str(input.title);
  const introduction = str(input.introduction);
  const problems: FieldError[] = [];
  if (!title) problems.push({ field: 'title', message: 'Enter the survey’s title' });
  else if (title.length > 200)
    problems.push({ field: 'title', message: 'The title must be 200 characters or fewer' });
  if (introduction.length > 2000)
    problems.push({ field: 'introduction', message: 'The introduction must be 2,000 characters or fewer' });
  if (problems.length) throw new ValidationError(problems);
  const flag = input.anonymousFreeText;
  return {
    title,
    introduction: introduction || null,
    anonymousFreeText: flag === true || flag === 'yes' || flag === 'true' || flag === 'on',
  };
}

export interface QuestionInput {
  key: unknown;
  type: unknown;
  text: unknown;
  hint?: unknown;
  /** One option a line (single and multiple choice). */
  options?: unknown;
  required?: unknown;
}

/** A question checked: a key (letters, digits, hyphens, underscores), a type, its text, options for a choice. */
export function checkQuestion(input: QuestionInput) {
  const key = str(input.key).toLowerCase();
  const text = str(input.text);
  const hint = str(input.hint);
  const options = [
    ...new Set(
      str(input.options)
        .split(/\r?\n/)
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ];
  const problems: FieldError[] = [];
  if (!key)
    problems.push({ field: 'key', message: 'Enter the question’s key, for example “confidence-teaching”' });
  else if (!/^[a-z0-9][a-z0-9_-]{0,59}$/.test(key))
    problems.push({
      field: 'key',
      message:
        'The key must be letters, digits, hyphens or underscores (at most 60), starting with a letter or digit',
    });
  if (!isQuestionType(input.type)) problems.push({ field: 'type', message: 'Select the type of question' });
  if (!text) problems.push({ field: 'text', message: 'Enter the question' });
  else if (text.length > 1000)
    problems.push({ field: 'text', message: 'The question must be 1,000 characters or fewer' });
  const choice = input.type === 'single_choice' || input.type === 'multiple_choice';
  if (choice && options.length < 2)
    problems.push({ field: 'options', message: 'Enter at least two options, one on each line' });
  if (options.some((o) => o.length > 200))
    problems.push({ field: 'options', message: 'Each option must be 200 characters or fewer' });
  if (problems.length) throw new ValidationError(problems);
  return {
    key,
    type: input.type as QuestionType,
    text,
    hint: hint || null,
    options: choice ? options : [],
    required: input.required !== 'no' && input.required !== false,
  };
}

export interface Question {
  id: number;
  type: QuestionType;
  text: string;
  options: string[];
  required: boolean;
}

export interface CheckedAnswer {
  questionId: number;
  valueNumber: string | null;
  valueText: string | null;
  valueChoices: string[] | null;
}

/** The form field of a question's answer. */
export const answerField = (questionId: number) => `q${questionId}`;

/**
 * A submitted answer set checked against the questions: required ones answered, an agreement 1 to 5, a
 * number a number, a choice one of the options. Unanswered optional questions give no row.
 */
export function checkAnswers(questions: Question[], body: Record<string, unknown>): CheckedAnswer[] {
  const problems: FieldError[] = [];
  const out: CheckedAnswer[] = [];
  for (const [i, q] of questions.entries()) {
    const field = answerField(q.id);
    const raw = body[field];
    const label = `question ${i + 1}`;
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(str).filter(Boolean);
    if (!values.length) {
      if (q.required)
        problems.push({
          field,
          message:
            q.type === 'free_text' || q.type === 'number'
              ? `Answer ${label}`
              : `Select an answer to ${label}`,
        });
      continue;
    }
    const [first] = values as [string];
    if (q.type === 'agreement') {
      if (!/^[1-5]$/.test(first)) problems.push({ field, message: `Select an answer to ${label}` });
      else out.push({ questionId: q.id, valueNumber: first, valueText: null, valueChoices: null });
    } else if (q.type === 'number') {
      if (!/^-?\d{1,9}(\.\d{1,4})?$/.test(first))
        problems.push({ field, message: `The answer to ${label} must be a number, like 12 or 2.5` });
      else out.push({ questionId: q.id, valueNumber: first, valueText: null, valueChoices: null });
    } else if (q.type === 'free_text') {
      if (first.length > 5000)
        problems.push({ field, message: `The answer to ${label} must be 5,000 characters or fewer` });
      else out.push({ questionId: q.id, valueNumber: null, valueText: first, valueChoices: null });
    } else {
      const chosen = q.type === 'single_choice' ? [first] : [...new Set(values)];
      if (chosen.some((c) => !q.options.includes(c)) || (q.type === 'single_choice' && values.length > 1))
        problems.push({ field, message: `Select an answer to ${label} from its options` });
      else out.push({ questionId: q.id, valueNumber: null, valueText: null, valueChoices: chosen });
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return out;
}
