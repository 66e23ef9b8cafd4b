/** Applies attendance rows (import-delivery.ts): finds or makes each mark's session, then upserts the marks. */
import type pg from 'pg';
import type { Actor } from '../../platform/audit.ts';
import { type CopyColumns, copyRows } from '../../platform/copy-rows.ts';
import { type SessionKind, sessionKindNames } from '../activities/schema.ts';
import { type Applied, type ResolvedMark, stage, upsertCounted } from './delivery-staging.ts';

/** The marks to apply, once each row's session and enrolments are known. */
const markColumns: CopyColumns<ResolvedMark> = {
  session_id: (m) => m.sessionId,
  enrolment_id: (m) => m.enrolmentId,
  status: (m) => m.status,
  joined_via_enrolment_id: (m) => m.joinedViaEnrolmentId,
};

/**
 * Finds each mark's session, by its activity and its day in England (the first that day), making the
 * sessions that are new (one a day, named by the day's first row); then stages the marks with COPY and
 * upserts them in one statement.
 */
export async function applyAttendance(
  client: pg.PoolClient,
  actor: Actor,
  marks: ResolvedMark[],
): Promise<Applied> {
  const key = (activityId: number, day: string) => `${activityId}\t${day}`;
  const sessionIds = new Map<string, number>();
  const existing = await client.query<{ id: number; activity_id: number; day: string }>(
    `SELECT DISTINCT ON (activity_id, day) id, activity_id, day FROM (
       SELECT id, activity_id, starts_at, (starts_at AT TIME ZONE 'Europe/London')::date::text AS day
       FROM activity_sessions WHERE activity_id = ANY($1::int[])) d
     ORDER BY activity_id, day, starts_at, id`,
    [[...new Set(marks.map((m) => m.activityId!))]],
  );
  for (const s of existing.rows) sessionIds.set(key(s.activity_id, s.day), s.id);
  const firsts = new Map<string, ResolvedMark>();
  for (const m of marks) {
    const k = key(m.activityId!, m.sessionDate);
    if (!sessionIds.has(k) && !firsts.has(k)) firsts.set(k, m);
  }
  const toMake = [...firsts.values()];
  if (toMake.length > 0) {
    const made = await client.query<{ id: number; activity_id: number; day: string }>(
      `INSERT INTO activity_sessions (activity_id, kind, title, starts_at)
       SELECT activity_id, kind, title, day::timestamp AT TIME ZONE 'Europe/London'
       FROM unnest($1::int[], $2::text[], $3::text[], $4::date[]) AS n(activity_id, kind, title, day)
       RETURNING id, activity_id, (starts_at AT TIME ZONE 'Europe/London')::date::text AS day`,
      [
        toMake.map((m) => m.activityId),
        toMake.map((m) => m.sessionKind),
        toMake.map((m) => m.sessionTitle ?? sessionKindNames[m.sessionKind as SessionKind]),
        toMake.map((m) => m.sessionDate),
      ],
    );
    for (const s of made.rows) sessionIds.set(key(s.activity_id, s.day), s.id);
  }
  for (const m of marks) m.sessionId = sessionIds.get(key(m.activityId!, m.sessionDate))!;
  await client.query(
    `CREATE TEMP TABLE ${stage} (session_id int NOT NULL, enrolment_id int NOT NULL, status text NOT NULL,
       joined_via_enrolment_id int) ON COMMIT DROP`,
  );
  await copyRows(client, stage, markColumns, marks);
  const done = await upsertCounted(
    client,
    `INSERT INTO attendance_marks AS m (session_id, enrolment_id, status, joined_via_enrolment_id, marked_by_person_id)
     SELECT session_id, enrolment_id, status, joined_via_enrolment_id, $1::int FROM ${stage}
     ON CONFLICT (session_id, enrolment_id) DO UPDATE SET status = EXCLUDED.status,
       joined_via_enrolment_id = EXCLUDED.joined_via_enrolment_id, marked_by_person_id = EXCLUDED.marked_by_person_id,
       marked_at = now()
     WHERE (m.status, m.joined_via_enrolment_id) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.joined_via_enrolment_id)`.replace(
      '$1::int',
      actor.personId === null ? 'NULL::int' : String(Number(actor.personId)),
    ),
    'session_id',
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: [...new Set(done.ids)],
    addedIds: [],
    alsoAdded: { sessions: toMake.length },
  };
}
