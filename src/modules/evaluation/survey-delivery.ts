import { type SQL, sql } from 'drizzle-orm';
import { actionSql, EVENT_LOG_COLUMNS, payloadQuery, subjectTypeSql } from '../../platform/audit.ts';
import type { DeliveryListener } from '../activities/delivery-changed.ts';

/**
 * Surveys follow delivery (the `deliveryChanged` hook, subscribed in src/subscriptions.ts). When an
 * activity is cancelled, a participant is withdrawn or deferred (or their enrolment is gone), or a lead
 * no longer leads it, their invitations to its surveys that were not answered are withdrawn: no reminder
 * chases them, completion no longer counts them, and their link says the survey is not theirs to
 * answer. Answered invitations are kept (their answers are the record of what happened). Someone
 * enrolled or made a lead after a survey was issued is invited by the next morning's issuing, while its
 * window is open (`issueDueSurveys`). In the change's transaction, with one event a withdrawal.
 */
export const withdrawSurveysOnDeliveryChange: DeliveryListener = async (tx, actor, change) => {
  const scope: SQL = change.activityIds
    ? sql`a.id IN (${sql.join(
        change.activityIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`a.year_code = ${change.yearCode} AND a.hub_id IN (${sql.join(
        change.hubIds.map((id) => sql`${id}`),
        sql`, `,
      )})`;
  const { rows } = await tx.execute<{ withdrawn: number }>(sql`
    WITH gone AS (
      DELETE FROM survey_invitations i
      USING hub_activities a
      WHERE a.id = i.activity_id AND ${scope} AND i.submitted_at IS NULL
        AND (a.status = 'cancelled'
          OR (i.kind IN ('participant_early', 'participant_summer') AND NOT EXISTS (
                SELECT 1 FROM enrolments e WHERE e.activity_id = i.activity_id AND e.person_id = i.person_id
                  AND e.status NOT IN ('withdrawn', 'deferred')))
          OR (i.kind = 'llme_end_of_year' AND NOT EXISTS (
                SELECT 1 FROM activity_leads l WHERE l.activity_id = i.activity_id AND l.person_id = i.person_id)))
      RETURNING i.id, i.activity_id, i.person_id, i.kind, i.hub_id,
        CASE WHEN a.status = 'cancelled' THEN 'the activity was cancelled'
             WHEN i.kind = 'llme_end_of_year' THEN 'no longer leads the activity'
             ELSE 'no longer takes part in the activity' END AS reason
    ), logged AS (
      INSERT INTO event_log (${sql.raw(EVENT_LOG_COLUMNS)})
      SELECT ${actor.personId}, ${actor.label},
             ${sql.raw(actionSql([], 'survey.invitations_withdrawn'))},
             ${sql.raw(subjectTypeSql('survey.invitations_withdrawn'))}, gone.id::text, gone.hub_id,
             ${payloadQuery('survey.invitations_withdrawn', {
               activityId: sql`gone.activity_id`,
               personId: sql`gone.person_id`,
               kind: sql`gone.kind`,
               reason: sql`gone.reason`,
             })}
      FROM gone
    )
    SELECT count(*)::int AS withdrawn FROM gone`);
  return rows[0]?.withdrawn ?? 0;
};
