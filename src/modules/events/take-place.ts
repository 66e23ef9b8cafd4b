import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import {
  type Actor,
  actionSql,
  EVENT_LOG_COLUMNS,
  payloadQuery,
  subjectTypeSql,
} from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { preparedRows } from '../../platform/prepared.ts';
import { isEligibleSql, prioritySql } from './eligibility.ts';
import type { PlaceStatus } from './schema.ts';

export interface TakePlaceInput {
  eventId: number;
  personId: number;
  byOrganiser: boolean;
  now: Date;
}

/**
 * Confirms a person's attendance in ONE statement, which is its own transaction (one round trip, one
 * commit; prepared, so each connection plans it once): a free place if there is one, else the waiting list, with the event log row and the email to
 * send (`event_notifications`, which the mail worker sends through pg-boss) in the same statement.
 * Returns the new status, or null when it wrote nothing: the event is not there, the person may not
 * confirm it now, or already holds a place; the caller then works out why (places.ts).
 *
 * It writes only when every rule of `requestPlace` holds (the same tests, on the same `now`): for a
 * person, eligible, the event not cancelled, not started, and confirmation open (today in England on
 * or before the deadline); for an organiser, not cancelled and not ended; and no place held, or a
 * cancelled one.
 *
 * Concurrency, in READ COMMITTED:
 * - The event's row is locked first (`FOR UPDATE`): every writer of an event's places (this, a
 *   cancellation, the waiting list's promotion) takes it, so they queue on it for this one statement
 *   and its commit. A locking read returns the row's latest committed version, so the seat test
 *   (`confirmed_count < capacity`) is never stale and the event cannot be over-filled (its check
 *   constraint would refuse it anyway).
 * - The other reads (eligibility, the place held) use the statement's snapshot, from before the lock.
 *   A place written by someone else since is caught by the unique (event, person) key: `ON CONFLICT`
 *   sees the committed row, and re-requests only a cancelled place, so a person asking twice at once
 *   writes one place; the seat is then counted only for the place written (`seat` reads `place`).
 */
export async function takePlace(
  db: Executor,
  actor: Actor,
  input: TakePlaceInput,
): Promise<PlaceStatus | null> {
  const { eventId, personId, byOrganiser, now } = input;
  const at = now.toISOString();
  const today = todayInEngland(now);
  const open = byOrganiser
    ? sql`e.status <> 'cancelled' AND e.ends_at > ${at}::timestamptz`
    : sql`${isEligibleSql(sql`e.id`, personId)} AND e.status <> 'cancelled' AND e.starts_at > ${at}::timestamptz
          AND ${today}::date <= e.confirm_by`;
  const rows = await preparedRows<{ status: PlaceStatus }>(
    db,
    sql`
    WITH ev AS (
      SELECT e.id, e.hub_id, e.status = 'scheduled' AND e.confirmed_count < e.capacity AS free,
             ${academicYearSql(sql`(e.starts_at AT TIME ZONE 'Europe/London')::date`)} AS year_code,
             (SELECT status FROM event_places WHERE event_id = e.id AND person_id = ${personId}) AS held
      FROM programme_events e
      WHERE e.id = ${eventId} AND ${open}
      FOR UPDATE OF e
    ), go AS (
      SELECT id, hub_id, free, held, year_code FROM ev WHERE held IS NULL OR held = 'cancelled'
    ), place AS (
      INSERT INTO event_places (event_id, person_id, status, priority, requested_at, confirmed_at,
                                added_by_organiser, connect_token)
      SELECT go.id, ${personId}, CASE WHEN go.free THEN 'confirmed' ELSE 'waiting' END,
             ${prioritySql(personId, sql`go.year_code`)}, now(), CASE WHEN go.free THEN now() END, ${byOrganiser},
             ${randomBytes(18).toString('base64url')}
      FROM go
      ON CONFLICT (event_id, person_id) DO UPDATE SET
        status = excluded.status, priority = excluded.priority, requested_at = now(),
        confirmed_at = excluded.confirmed_at, promoted_at = NULL, cancelled_at = NULL,
        added_by_organiser = excluded.added_by_organiser
      WHERE event_places.status = 'cancelled'
      RETURNING status
    ), seat AS (
      UPDATE programme_events SET confirmed_count = confirmed_count + 1
      WHERE id = ${eventId} AND EXISTS (SELECT 1 FROM place WHERE status = 'confirmed')
    ), logged AS (
      INSERT INTO event_log (${sql.raw(EVENT_LOG_COLUMNS)})
      SELECT ${actor.personId}, ${actor.label},
             ${sql.raw(actionSql([["status = 'confirmed'", 'event.place_confirmed']], 'event.waiting_list_joined'))},
             ${sql.raw(subjectTypeSql('event.place_confirmed'))}, ${String(eventId)}, go.hub_id,
             ${payloadQuery('event.place_confirmed', {
               personId: sql`${personId}::int`,
               status: sql`jsonb_build_array(go.held::text, status)`,
               byOrganiser: sql`${byOrganiser}::boolean`,
             })}
      FROM place, go
    ), notified AS (
      INSERT INTO event_notifications (event_id, person_id, kind, digest)
      SELECT ${eventId}, ${personId}, CASE WHEN status = 'confirmed' THEN 'confirmation' ELSE 'waiting' END,
             COALESCE((SELECT daily_digest FROM event_mail_preferences WHERE person_id = ${personId}), false)
      FROM place
    )
    SELECT status FROM place`,
  );
  return rows[0]?.status ?? null;
}

/** The academic year code (`2024/25`) of a date, as `academicYearOf` (platform/dates.ts) gives it. */
export function academicYearSql(date: SQL): SQL {
  const start = sql`(extract(year FROM ${date})::int - CASE WHEN extract(month FROM ${date}) >= 9 THEN 0 ELSE 1 END)`;
  return sql`(${start} || '/' || lpad(((${start} + 1) % 100)::text, 2, '0'))`;
}
