import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent, systemActor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { newSurveyToken, type SurveyMailDeps, surveyLink, surveyMail } from './survey-issue.ts';
import { type SurveyKind, surveyInvitations } from './survey-schema.ts';

type Due = {
  id: number;
  activity_id: number;
  activity_title: string;
  hub_id: number;
  person_id: number;
  kind: SurveyKind;
  email: string;
  given_name: string;
  template_title: string;
  closes_on: string;
  reminded_on: string | null;
  submitted_at: Date | null;
  why: string;
};

const dueSql = (where: ReturnType<typeof sql>, today: string) => sql`
  SELECT i.id, i.activity_id, ha.title AS activity_title, i.hub_id, i.person_id, i.kind, p.email, p.given_name,
    t.title AS template_title, w.closes_on::text AS closes_on,
    ((i.reminded_at AT TIME ZONE 'Europe/London')::date)::text AS reminded_on, i.submitted_at,
    CASE WHEN w.closes_on - 3 <= ${today}::date THEN 'the survey closes soon' ELSE 'a week after it was sent' END AS why
  FROM survey_invitations i
  JOIN hub_activities ha ON ha.id = i.activity_id
  JOIN survey_templates t ON t.id = i.template_id
  JOIN people p ON p.id = i.person_id
  LEFT JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
  WHERE ${where}
  ORDER BY i.id
  FOR UPDATE OF i`;

/** A reminder: a new link (the old one stops working), the email in the outbox, `reminded_at`, the log. */
async function remind(tx: Executor, actor: Actor, d: Due, deps: SurveyMailDeps, why: string): Promise<void> {
  const { token, tokenHash } = newSurveyToken();
  await tx
    .update(surveyInvitations)
    .set({ tokenHash, remindedAt: sql`now()` })
    .where(eq(surveyInvitations.id, d.id));
  await deps.mailer.queue(
    tx,
    surveyMail(
      { email: d.email, givenName: d.given_name },
      { activityTitle: d.activity_title, surveyTitle: d.template_title, closesOn: d.closes_on },
      surveyLink(deps.publicUrl, token),
      true,
    ),
  );
  await recordEvent(tx, actor, {
    action: 'survey.reminded',
    subjectType: 'survey_invitation',
    subjectId: d.id,
    hubId: d.hub_id,
    changes: { activityId: d.activity_id, personId: d.person_id, kind: d.kind, why },
  });
}

/**
 * "Send a reminder" (an activity's lead, or hub leadership): to one person of the activity who has not
 * answered, at most once a day, while the survey is open.
 */
export async function sendSurveyReminder(
  db: Executor,
  actor: Actor,
  input: { activityId: number; invitationId: number; today: string },
  deps: SurveyMailDeps,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<Due>(
      dueSql(sql`i.id = ${input.invitationId} AND i.activity_id = ${input.activityId}`, input.today),
    );
    const d = rows[0];
    if (!d) throw new NotFoundError('There is no such survey invitation in this activity');
    if (d.submitted_at)
      throw new ConflictError('They have already answered: there is no need to remind them');
    if (d.closes_on && d.closes_on < input.today)
      throw new ConflictError(
        `The survey closed on ${formatDate(d.closes_on)}: it can no longer be answered`,
      );
    if (d.reminded_on === input.today)
      throw new ConflictError('They have already been reminded today: you can remind them again tomorrow');
    await remind(tx, actor, d, deps, 'sent by the lead');
  });
  deps.mailer.kick();
}

/**
 * The daily reminders: to everyone who has not answered an open survey, 7 days after it was issued and
 * again 3 days before its window closes. Each is sent once (`reminded_at` says whether it was), and
 * never twice in a day.
 */
export async function remindDueSurveys(
  db: Executor,
  query: { today: string },
  deps: SurveyMailDeps,
  actor: Actor = systemActor('survey-reminders'),
): Promise<{ reminded: number }> {
  const today = query.today;
  const result = await db.transaction(async (tx) => {
    const { rows } = await tx.execute<Due>(
      dueSql(
        sql`i.submitted_at IS NULL AND w.opens_on <= ${today}::date AND w.closes_on >= ${today}::date
          AND p.erased_at IS NULL AND p.merged_into_person_id IS NULL
          AND (i.reminded_at IS NULL OR (i.reminded_at AT TIME ZONE 'Europe/London')::date < ${today}::date)
          AND (
            (i.reminded_at IS NULL AND (i.issued_at AT TIME ZONE 'Europe/London')::date <= ${today}::date - 7)
            OR (w.closes_on - 3 <= ${today}::date AND (i.issued_at AT TIME ZONE 'Europe/London')::date < ${today}::date
                AND (i.reminded_at IS NULL OR (i.reminded_at AT TIME ZONE 'Europe/London')::date < w.closes_on - 3))
          )`,
        today,
      ),
    );
    for (const d of rows) await remind(tx, actor, d, deps, d.why);
    return { reminded: rows.length };
  });
  if (result.reminded) deps.mailer.kick();
  return result;
}
