import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  type Actor,
  actionSql,
  EVENT_LOG_COLUMNS,
  payloadQuery,
  recordEvent,
  subjectTypeSql,
} from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, formatDate, todayInEngland } from '../../platform/dates.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { isEligibleSql, prioritySql } from './eligibility.ts';
import { type EventRow, lockEvent, type PlaceRow, placeOf } from './load-event.ts';
import { holdsSeat, nextPlaceStatus, PlaceTransitionError } from './place-machine.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventFormatNames, type PlaceStatus } from './schema.ts';
import { confirmationWorkingDays, isConfirmationOpen } from './working-days.ts';

/** Why a person cannot confirm an event now, or null when they can. */
export function confirmationClosedReason(
  event: Pick<EventRow, 'status' | 'startsAt' | 'confirmBy' | 'format'>,
  now = new Date(),
): string | null {
  if (event.status === 'cancelled') return 'The event has been cancelled.';
  if (event.startsAt.getTime() <= now.getTime()) return 'The event has already started.';
  if (!isConfirmationOpen(event.confirmBy, now)) {
    const days = confirmationWorkingDays[event.format];
    return (
      `Confirmation closed at the end of ${formatDate(event.confirmBy)}: ` +
      `${eventFormatNames[event.format].toLowerCase()} events must be confirmed by the ` +
      `${days === 2 ? '2nd' : `${days}th`} working day before they start. ` +
      'Ask the organiser if you still need a place.'
    );
  }
  return null;
}

export interface PlaceOutcome {
  status: PlaceStatus;
  /** False when the person already held this place (asking twice changes nothing). */
  changed: boolean;
}

const eventYear = (event: Pick<EventRow, 'startsAt'>) => academicYearOf(todayInEngland(event.startsAt));

/**
 * Confirms a person's attendance: a free place if there is one, else the waiting list. The seat is
 * taken by one conditional UPDATE of the event's counter (`confirmed_count < capacity`), in the same
 * statement that writes the place, the event log row and the email to send: concurrent confirmations
 * of one event queue on the event's row lock only for that statement and the commit, and the count of
 * seats can never pass the capacity (the table's check would refuse it anyway). An advisory lock on
 * (event, person) makes a person asking twice at once get one place. People confirm their own place
 * before the deadline; an organiser (`byOrganiser`) can add a person at any time before the event ends.
 */
export async function requestPlace(
  db: Executor,
  actor: Actor,
  input: RequestPlaceInput,
): Promise<PlaceOutcome> {
  return db.transaction((tx) => requestPlaceIn(tx, actor, input));
}

export interface RequestPlaceInput {
  eventId: number;
  personId: number;
  byOrganiser?: boolean;
  now?: Date;
}

async function requestPlaceIn(tx: Executor, actor: Actor, input: RequestPlaceInput): Promise<PlaceOutcome> {
  const now = input.now ?? new Date();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${input.eventId}, ${input.personId})`);
  // The event, whether the person may confirm it and the place they hold, in one statement.
  const { rows } = await tx.execute<{
    status: EventRow['status'];
    format: EventRow['format'];
    starts_at: string;
    ends_at: string;
    confirm_by: string;
    hub_id: number | null;
    eligible: boolean;
    place_status: PlaceStatus | null;
  }>(sql`
    SELECT e.status, e.format, e.starts_at, e.ends_at, e.confirm_by::text AS confirm_by, e.hub_id,
           ${isEligibleSql(sql`e.id`, input.personId)} AS eligible,
           (SELECT status FROM event_places WHERE event_id = e.id AND person_id = ${input.personId}) AS place_status
    FROM programme_events e WHERE e.id = ${input.eventId}`);
  const found = rows[0];
  if (!found) throw new NotFoundError('There is no such event');
  const event = {
    id: input.eventId,
    status: found.status,
    format: found.format,
    startsAt: new Date(found.starts_at),
    endsAt: new Date(found.ends_at),
    confirmBy: found.confirm_by,
    hubId: found.hub_id,
  };
  const { eligible, place_status: existing } = found;
  if (input.byOrganiser) {
    if (event.status === 'cancelled') throw new ConflictError('The event has been cancelled.');
    if (event.endsAt.getTime() <= now.getTime()) throw new ConflictError('The event has ended.');
  } else {
    if (!eligible) throw new NotFoundError('There is no such event');
    const closed = confirmationClosedReason(event, now);
    if (closed) throw new ConflictError(closed);
  }
  if (existing && existing !== 'cancelled') return { status: existing, changed: false };
  nextPlaceStatus(existing, 'request', true); // the only way in: no place, or a cancelled one
  const byOrganiser = Boolean(input.byOrganiser);
  const { rows: taken } = await tx.execute<{ status: PlaceStatus }>(sql`
    WITH seat AS (
      UPDATE programme_events SET confirmed_count = confirmed_count + 1
      WHERE id = ${event.id} AND status = 'scheduled' AND confirmed_count < capacity
      RETURNING id
    ), place AS (
      INSERT INTO event_places (event_id, person_id, status, priority, requested_at, confirmed_at,
                                added_by_organiser, connect_token)
      SELECT ${event.id}, ${input.personId}, CASE WHEN EXISTS (SELECT 1 FROM seat) THEN 'confirmed' ELSE 'waiting' END,
             ${prioritySql(input.personId, eventYear(event))}, now(), CASE WHEN EXISTS (SELECT 1 FROM seat) THEN now() END, ${byOrganiser},
             ${randomBytes(18).toString('base64url')}
      ON CONFLICT (event_id, person_id) DO UPDATE SET
        status = excluded.status, priority = excluded.priority, requested_at = now(),
        confirmed_at = excluded.confirmed_at, promoted_at = NULL, cancelled_at = NULL,
        added_by_organiser = excluded.added_by_organiser
      RETURNING status
    ), logged AS (
      INSERT INTO event_log (${sql.raw(EVENT_LOG_COLUMNS)})
      SELECT ${actor.personId}, ${actor.label},
             ${sql.raw(actionSql([["status = 'confirmed'", 'event.place_confirmed']], 'event.waiting_list_joined'))},
             ${sql.raw(subjectTypeSql('event.place_confirmed'))}, ${String(event.id)}, ${event.hubId},
             ${payloadQuery('event.place_confirmed', {
               personId: sql`${input.personId}::int`,
               status: sql`jsonb_build_array(${existing}::text, status)`,
               byOrganiser: sql`${byOrganiser}::boolean`,
             })}
      FROM place
    ), notified AS (
      INSERT INTO event_notifications (event_id, person_id, kind, digest)
      SELECT ${event.id}, ${input.personId}, CASE WHEN status = 'confirmed' THEN 'confirmation' ELSE 'waiting' END,
             COALESCE((SELECT daily_digest FROM event_mail_preferences WHERE person_id = ${input.personId}), false)
      FROM place
    )
    SELECT status FROM place`);
  return { status: taken[0]!.status, changed: true };
}

/** Cancels a person's confirmation or waiting place; a freed seat goes to the waiting list. */
export async function cancelPlace(
  db: Executor,
  actor: Actor,
  input: { eventId: number; personId: number },
): Promise<{ promoted: number[] }> {
  return db.transaction((tx) => cancelPlaceIn(tx, actor, input));
}

async function cancelPlaceIn(
  tx: Executor,
  actor: Actor,
  input: { eventId: number; personId: number },
): Promise<{ promoted: number[] }> {
  const event = await lockEvent(tx, input.eventId);
  if (!event) throw new NotFoundError('There is no such event');
  const place = await placeOf(tx, event.id, input.personId);
  let status: PlaceStatus;
  try {
    status = nextPlaceStatus(place?.status ?? null, 'cancel', false);
  } catch (error) {
    if (error instanceof PlaceTransitionError) throw new ConflictError('There is no place to cancel');
    throw error;
  }
  await tx.execute(
    sql`UPDATE event_places SET status = ${status}, cancelled_at = now() WHERE id = ${place!.id}`,
  );
  if (holdsSeat(place!.status)) {
    await tx.execute(
      sql`UPDATE programme_events SET confirmed_count = confirmed_count - 1 WHERE id = ${event.id}`,
    );
  }
  await recordEvent(tx, actor, {
    action: 'event.place_cancelled',
    subjectType: 'programme_event',
    subjectId: event.id,
    hubId: event.hubId,
    changes: { personId: input.personId, status: [place!.status, status] },
  });
  const promoted = event.status === 'scheduled' ? await fillFreePlaces(tx, actor, event.id) : [];
  return { promoted };
}

/**
 * Gives free seats to the waiting list, in order: with the priority rule, schools in their first year
 * or in Targeted Support first; then whoever asked first. Call it holding the event's lock.
 */
export async function fillFreePlaces(tx: Executor, actor: Actor, eventId: number): Promise<number[]> {
  const { rows } = await tx.execute<{ id: number; person_id: number; hub_id: number | null }>(sql`
    WITH e AS (
      SELECT id, hub_id, capacity - confirmed_count AS free, waiting_priority FROM programme_events WHERE id = ${eventId}
    ), next AS (
      SELECT p.id FROM event_places p, e
      WHERE p.event_id = e.id AND p.status = 'waiting'
      ORDER BY CASE WHEN e.waiting_priority = 'first_year_or_targeted_support' THEN p.priority ELSE 0 END DESC,
               p.requested_at, p.id
      LIMIT (SELECT greatest(free, 0) FROM e)
    )
    UPDATE event_places p SET status = 'confirmed', confirmed_at = now(), promoted_at = now()
    FROM next, e WHERE p.id = next.id
    RETURNING p.id, p.person_id, e.hub_id`);
  if (!rows.length) return [];
  await tx.execute(
    sql`UPDATE programme_events SET confirmed_count = confirmed_count + ${rows.length} WHERE id = ${eventId}`,
  );
  const personIds = rows.map((r) => r.person_id);
  await recordEvent(tx, actor, {
    action: 'event.places_offered',
    subjectType: 'programme_event',
    subjectId: eventId,
    hubId: rows[0]!.hub_id,
    changes: { promotedPersonIds: personIds },
  });
  await queueNotifications(tx, eventId, 'place_offered', personIds);
  return personIds;
}

export type { PlaceRow };
