import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import { type HappiToDo, happiToDos } from '../evaluation/happi-to-dos.ts';
import { openReportActions } from '../evaluation/report-to-do.ts';
import { openVisitActionCount } from '../evaluation/visit-reads.ts';
import { isEligibleSql } from '../events/eligibility.ts';
import { applicationToDos } from '../llme/application-to-dos.ts';
import { referralsToDecide } from '../targeted-support/to-dos.ts';

/** One thing that needs doing, counted from the records, with where to do it. */
export interface ToDo {
  kind:
    | 'registers'
    | 'events_to_confirm'
    | 'event_attendance'
    | 'claims'
    | 'outcomes'
    | 'surveys'
    | 'evaluation_actions'
    | 'visit_actions'
    | 'ts_referrals'
    | 'programme_applications'
    | HappiToDo['kind'];
  count: number;
  text: string;
  href: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const idList = (ids: number[]): SQL =>
  ids.length
    ? sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`NULL`;

/**
 * What needs doing for this person today, each with a count: registers of past sessions they lead not
 * yet taken, events they may confirm a place at before the deadline, attendance of their hub's (or
 * for the national team, national) events that ended with places unmarked, claims waiting for the
 * national team's decision, and outcomes of ended activities (that they lead, or of their hub) not
 * recorded. Only what applies to the person is listed; a count of 0 is left out.
 */
export async function listToDos(db: Executor, principal: Principal): Promise<ToDo[]> {
  const personId = principal.personId;
  const leadershipHubs = hubIdsOf(principal, 'hub_leadership');
  const nationalAdmin = isNationalAdmin(principal);
  const { rows } = await db.execute<Record<string, number>>(sql`
    WITH led AS (
      SELECT ha.id, ha.ends_on FROM activity_leads al JOIN hub_activities ha ON ha.id = al.activity_id
      WHERE al.person_id = ${personId} AND ha.status IN ('planned', 'running')
    ),
    ended AS (
      SELECT ha.id FROM hub_activities ha
      WHERE ha.status IN ('planned', 'running')
        AND (ha.id IN (SELECT id FROM led) OR ha.hub_id IN (${idList(leadershipHubs)}))
        AND COALESCE(ha.ends_on,
              (SELECT max(s.starts_at AT TIME ZONE 'Europe/London')::date FROM activity_sessions s
               WHERE s.activity_id = ha.id)) < current_date
        AND EXISTS (SELECT 1 FROM enrolments e WHERE e.activity_id = ha.id AND e.status = 'registered')
    )
    SELECT
      (SELECT count(*)::int FROM activity_sessions s
        WHERE s.activity_id IN (SELECT id FROM led) AND s.starts_at < now()
          AND (SELECT count(*) FROM attendance_marks m WHERE m.session_id = s.id)
            < (SELECT count(*) FROM enrolments e WHERE e.activity_id = s.activity_id
               AND e.status NOT IN ('withdrawn', 'deferred'))) AS registers,
      (SELECT count(*)::int FROM programme_events ev
        WHERE ev.status = 'scheduled' AND ev.starts_at > now() AND ev.confirm_by >= current_date
          AND NOT EXISTS (SELECT 1 FROM event_places p WHERE p.event_id = ev.id AND p.person_id = ${personId}
                          AND p.status <> 'cancelled')
          AND ${isEligibleSql(sql`ev.id`, personId)}) AS events_to_confirm,
      (SELECT count(*)::int FROM programme_events ev
        WHERE ev.status <> 'cancelled' AND ev.ends_at <= now()
          AND (ev.hub_id IN (${idList(leadershipHubs)}) OR (${nationalAdmin} AND ev.hub_id IS NULL))
          AND EXISTS (SELECT 1 FROM event_places p WHERE p.event_id = ev.id AND p.status = 'confirmed'))
        AS event_attendance,
      (SELECT count(*)::int FROM funding_claims c WHERE ${nationalAdmin} AND c.status = 'submitted') AS claims,
      (SELECT count(*)::int FROM ended) AS outcomes,
      (SELECT min(id) FROM ended) AS outcomes_first`);
  const counts = rows[0] ?? {};
  const n = (key: string) => Number(counts[key] ?? 0);
  const toDos: ToDo[] = [
    {
      kind: 'registers',
      count: n('registers'),
      text: plural(n('registers'), 'register to take', 'registers to take'),
      href: paths.my.activities,
    },
    {
      kind: 'events_to_confirm',
      count: n('events_to_confirm'),
      text: plural(n('events_to_confirm'), 'event you can book a place at', 'events you can book a place at'),
      href: paths.events.mine,
    },
    {
      kind: 'event_attendance',
      count: n('event_attendance'),
      text:
        plural(n('event_attendance'), 'event that has ended', 'events that have ended') +
        ' with attendance to mark',
      href: paths.events.organise,
    },
    {
      kind: 'claims',
      count: n('claims'),
      text: plural(n('claims'), 'claim to decide', 'claims to decide'),
      href: paths.funding.allClaims,
    },
    {
      kind: 'outcomes',
      count: n('outcomes'),
      text: plural(
        n('outcomes'),
        'ended activity with outcomes to record',
        'ended activities with outcomes to record',
      ),
      href:
        n('outcomes') === 1
          ? paths.activity.outcomes(n('outcomes_first'))
          : leadershipHubs.length
            ? paths.myHub.activities
            : paths.my.activities,
    },
  ];
  // HAPPI forms (issue 15): to write (due soon, overdue or returned) and to review (hub leadership).
  toDos.push(...(await happiToDos(db, principal)));
  // Surveys to answer (evaluation): the person's invitations not yet answered whose window is open.
  const { rows: surveys } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM survey_invitations i
    JOIN survey_windows w ON w.year_code = i.year_code AND w.kind = i.kind
    WHERE i.person_id = ${personId} AND i.submitted_at IS NULL
      AND w.opens_on <= current_date AND w.closes_on >= current_date`);
  const surveyCount = Number(surveys[0]?.n ?? 0);
  toDos.push({
    kind: 'surveys',
    count: surveyCount,
    text: plural(surveyCount, 'survey to answer', 'surveys to answer'),
    href: paths.evaluation.surveys.mine,
  });
  // Evaluation reports (issue 15): actions from published reports the person owns, not yet done.
  toDos.push({ kind: 'evaluation_actions', ...(await openReportActions(db, personId)) });
  // Records of visits (issue 15): actions agreed on visits that the person owns, not yet done.
  const visitActions = await openVisitActionCount(db, personId);
  toDos.push({
    kind: 'visit_actions',
    count: visitActions,
    text: plural(
      visitActions,
      'action agreed on a visit to follow up',
      'actions agreed on visits to follow up',
    ),
    href: paths.evaluation.visits.mine,
  });
  // Targeted Support (issue 16): referrals of the hub's waiting for its leadership's decision.
  toDos.push(await referralsToDecide(db, principal));
  // The LLME development programmes (issue 16): applications for the hub or the national team to answer.
  toDos.push(...(await applicationToDos(db, principal)));
  return toDos.filter((t) => t.count > 0);
}
