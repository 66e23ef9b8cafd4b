import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { type ResultScope, scopeCondition } from './survey-results-before-after.ts';
import type { QuestionType, SurveyKind } from './survey-schema.ts';

/**
 * The answers to one kind of an NCP's survey in a year, in a scope, question by question: agreement
 * (counts per point and the mean), choices (counts per option), numbers (mean and median), free text
 * (the answers, without the participant's name when the template says its free text is anonymous).
 * Questions are matched across template versions by their key (the newest version's wording is shown).
 */

export const FREE_TEXT_SHOWN = 200;

export interface QuestionResult {
  key: string;
  type: QuestionType;
  text: string;
  answered: number;
  /** Agreement: how many answered each point, 1 (strongly disagree) to 5 (strongly agree). */
  points: number[];
  mean: number | null;
  median: number | null;
  /** Choices: each option with how many chose it (options no longer offered last). */
  choices: { option: string; count: number }[];
  /** Free text: the newest first, up to FREE_TEXT_SHOWN; `name` is null when anonymous. */
  texts: { text: string; name: string | null; activity: string }[];
}

export interface SurveyAnswers {
  invited: number;
  submitted: number;
  questions: QuestionResult[];
}

export async function surveyAnswers(
  db: Executor,
  q: { ncpKey: string; yearCode: string; kind: SurveyKind; scope: ResultScope },
): Promise<SurveyAnswers> {
  const where = sql`t.ncp_key = ${q.ncpKey} AND i.year_code = ${q.yearCode} AND i.kind = ${q.kind} AND ${scopeCondition(q.scope)}`;
  const [counts, questions, numbers, choices, texts] = await readsAtOnce(db, [
    () =>
      db.execute<{ invited: number; submitted: number }>(sql`
      SELECT count(*)::int AS invited, count(i.submitted_at)::int AS submitted
      FROM survey_invitations i JOIN survey_templates t ON t.id = i.template_id WHERE ${where}`),
    () =>
      db.execute<{ key: string; type: QuestionType; text: string; options: string[] }>(sql`
      SELECT key, type, text, options FROM (
        SELECT DISTINCT ON (qn.key) qn.key, qn.type, qn.text, qn.options, qn.position, t.version
        FROM survey_questions qn JOIN survey_templates t ON t.id = qn.template_id
        WHERE t.ncp_key = ${q.ncpKey} AND t.kind = ${q.kind}
          AND (t.published_at IS NOT NULL OR EXISTS (SELECT 1 FROM survey_invitations x WHERE x.template_id = t.id))
        ORDER BY qn.key, t.version DESC) newest
      ORDER BY position, key`),
    () =>
      db.execute<{
        key: string;
        answered: number;
        mean: number | null;
        median: number | null;
        points: number[];
      }>(sql`
      SELECT qn.key,
             count(*) FILTER (WHERE a.value_number IS NOT NULL OR coalesce(a.value_text, '') <> ''
                                 OR coalesce(cardinality(a.value_choices), 0) > 0)::int AS answered,
             avg(a.value_number)::float8 AS mean,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY a.value_number)::float8 AS median,
             ARRAY[count(*) FILTER (WHERE a.value_number = 1), count(*) FILTER (WHERE a.value_number = 2),
                   count(*) FILTER (WHERE a.value_number = 3), count(*) FILTER (WHERE a.value_number = 4),
                   count(*) FILTER (WHERE a.value_number = 5)]::int[] AS points
      FROM survey_answers a
      JOIN survey_invitations i ON i.id = a.invitation_id
      JOIN survey_templates t ON t.id = i.template_id
      JOIN survey_questions qn ON qn.id = a.question_id
      WHERE ${where} AND i.submitted_at IS NOT NULL
      GROUP BY qn.key`),
    () =>
      db.execute<{ key: string; option: string; count: number }>(sql`
      SELECT qn.key, c.option, count(*)::int AS count
      FROM survey_answers a
      JOIN survey_invitations i ON i.id = a.invitation_id
      JOIN survey_templates t ON t.id = i.template_id
      JOIN survey_questions qn ON qn.id = a.question_id
      CROSS JOIN LATERAL unnest(a.value_choices) AS c(option)
      WHERE ${where} AND i.submitted_at IS NOT NULL
      GROUP BY qn.key, c.option`),
    () =>
      db.execute<{ key: string; text: string; name: string | null; activity: string }>(sql`
      SELECT key, text, name, activity FROM (
        SELECT qn.key, a.value_text AS text, ha.title AS activity,
               CASE WHEN t.anonymous_free_text THEN NULL ELSE p.given_name || ' ' || p.family_name END AS name,
               row_number() OVER (PARTITION BY qn.key ORDER BY coalesce(i.updated_at, i.submitted_at) DESC, a.id DESC) AS n
        FROM survey_answers a
        JOIN survey_invitations i ON i.id = a.invitation_id
        JOIN survey_templates t ON t.id = i.template_id
        JOIN survey_questions qn ON qn.id = a.question_id AND qn.type = 'free_text'
        JOIN hub_activities ha ON ha.id = i.activity_id
        JOIN people p ON p.id = i.person_id
        WHERE ${where} AND i.submitted_at IS NOT NULL AND a.value_text IS NOT NULL AND a.value_text <> ''
      ) x WHERE n <= ${FREE_TEXT_SHOWN} ORDER BY key, n`),
  ]);
  const result = questions.rows.map((qn): QuestionResult => {
    const numeric = numbers.rows.find((r) => r.key === qn.key);
    const chosen = choices.rows.filter((r) => r.key === qn.key);
    const written = texts.rows.filter((r) => r.key === qn.key);
    const known = qn.options.map((option) => ({
      option,
      count: chosen.find((c) => c.option === option)?.count ?? 0,
    }));
    const others = chosen
      .filter((c) => !qn.options.includes(c.option))
      .map((c) => ({ option: c.option, count: c.count }));
    const isChoice = qn.type === 'single_choice' || qn.type === 'multiple_choice';
    return {
      key: qn.key,
      type: qn.type,
      text: qn.text,
      answered: numeric?.answered ?? 0,
      points: qn.type === 'agreement' ? (numeric?.points ?? [0, 0, 0, 0, 0]) : [],
      mean: numeric?.mean ?? null,
      median: qn.type === 'number' ? (numeric?.median ?? null) : null,
      choices: isChoice ? [...known, ...others] : [],
      texts: written.map((w) => ({ text: w.text, name: w.name, activity: w.activity })),
    };
  });
  return {
    invited: counts.rows[0]?.invited ?? 0,
    submitted: counts.rows[0]?.submitted ?? 0,
    questions: result,
  };
}
