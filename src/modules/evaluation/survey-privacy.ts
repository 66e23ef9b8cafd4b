import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * What national surveys hold about a person, for UK GDPR (privacy/person-references.ts):
 *  - subject access: their invitations and their answers (`surveySubjectAccessSections`);
 *  - erasure: their free-text answers deleted, the rest kept under the anonymised person, so the
 *    completion and before/after figures do not change (`eraseSurveyAnswers`);
 *  - merge: B's invitations become A's, keeping one per activity and kind (`moveSurveyRecords`).
 */

interface Section {
  key: string;
  title: string;
  purpose: string;
  columns: { key: string; label: string; kind?: 'text' | 'date' | 'dateTime' }[];
  query: SQL;
}

export function surveySubjectAccessSections(personId: number): Section[] {
  return [
    {
      key: 'surveyInvitations',
      title: 'Surveys you were asked to answer',
      purpose:
        'The national surveys about the activities you take part in or lead (the programme’s evaluation): when you were asked and reminded, and when you answered.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'survey', label: 'Survey' },
        { key: 'yearCode', label: 'Year' },
        { key: 'issuedAt', label: 'Sent', kind: 'dateTime' },
        { key: 'remindedAt', label: 'Last reminded', kind: 'dateTime' },
        { key: 'submittedAt', label: 'Answered', kind: 'dateTime' },
      ],
      query: sql`SELECT ha.title AS activity, t.title AS survey, i.year_code AS "yearCode", i.issued_at AS "issuedAt",
          i.reminded_at AS "remindedAt", i.submitted_at AS "submittedAt"
        FROM survey_invitations i JOIN hub_activities ha ON ha.id = i.activity_id
        JOIN survey_templates t ON t.id = i.template_id
        WHERE i.person_id = ${personId} ORDER BY i.id`,
    },
    {
      key: 'surveyAnswers',
      title: 'Your survey answers',
      purpose: 'Your answers to the national surveys, used to evaluate the programme.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'question', label: 'Question' },
        { key: 'answer', label: 'Answer' },
      ],
      query: sql`SELECT ha.title AS activity, q.text AS question,
          coalesce(a.value_text, array_to_string(a.value_choices, '; '), a.value_number::text) AS answer
        FROM survey_answers a JOIN survey_invitations i ON i.id = a.invitation_id
        JOIN survey_questions q ON q.id = a.question_id JOIN hub_activities ha ON ha.id = i.activity_id
        WHERE i.person_id = ${personId} ORDER BY i.id, q.position`,
    },
    {
      key: 'surveyTemplates',
      title: 'Survey templates you wrote',
      purpose: 'The national survey templates you made (the NCETM’s evaluation).',
      columns: [
        { key: 'title', label: 'Title' },
        { key: 'version', label: 'Version' },
        { key: 'createdAt', label: 'Made', kind: 'dateTime' },
      ],
      query: sql`SELECT title, version::text AS version, created_at AS "createdAt" FROM survey_templates
        WHERE created_by_person_id = ${personId} ORDER BY id`,
    },
  ];
}

/** Erasure: the person's free-text answers are deleted (they may name or describe them); the rest stay. */
export async function eraseSurveyAnswers(tx: Executor, personId: number): Promise<number> {
  const result = await tx.execute(sql`DELETE FROM survey_answers a USING survey_invitations i
    WHERE a.invitation_id = i.id AND i.person_id = ${personId} AND a.value_text IS NOT NULL`);
  return result.rowCount ?? 0;
}

/**
 * Merge: B's invitations become A's. Where both were invited to the same activity's survey of a kind,
 * one is kept: the one answered (A's if both or neither were), and the other goes with its answers.
 */
export async function moveSurveyRecords(
  tx: Executor,
  from: number,
  to: number,
): Promise<{ surveyInvitationsMoved: number; surveyInvitationsDropped: number }> {
  const dropped = await tx.execute<{ id: number }>(sql`
    WITH pairs AS (
      SELECT b.id AS b_id, a.id AS a_id,
        (b.submitted_at IS NOT NULL AND a.submitted_at IS NULL) AS keep_b
      FROM survey_invitations b JOIN survey_invitations a
        ON a.activity_id = b.activity_id AND a.kind = b.kind AND a.person_id = ${to}
      WHERE b.person_id = ${from}
    )
    DELETE FROM survey_invitations i USING pairs
    WHERE i.id = CASE WHEN pairs.keep_b THEN pairs.a_id ELSE pairs.b_id END
    RETURNING i.id`);
  const moved = await tx.execute(
    sql`UPDATE survey_invitations SET person_id = ${to} WHERE person_id = ${from}`,
  );
  return { surveyInvitationsMoved: moved.rowCount ?? 0, surveyInvitationsDropped: dropped.rows.length };
}
