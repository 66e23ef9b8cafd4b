import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { isEligibleSql } from './eligibility.ts';
import { type EventRow, lockEvent, type PlaceRow, placeOf } from './load-event.ts';
import { holdsSeat, nextPlaceStatus, PlaceTransitionError } from './place-machine.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventFormatNames, type PlaceStatus } from './schema.ts';
import { type TakePlaceInput, takePlace } from './take-place.ts';
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

/**
 * Confirms a person's attendance: a free place if there is one, else the waiting list. People confirm
 * their own place before the deadline; an organiser (`byOrganiser`) can add a person at any time before
 * the event ends. Asking again while holding a place changes nothing.
 *
 * The usual case is one statement, its own transaction (take-place.ts: it takes the seat, writes the
 * place, the event log row and the email to send, and commits once). When that statement writes
 * nothing, the rules are gone through here, holding the event's lock, to say why (or to report the
 * place already held); the statement then writes only what the rules allow, so both agree.
 */
export async function requestPlace(
  db: Executor,
  actor: Actor,
  input: RequestPlaceInput,
): Promise<PlaceOutcome> {
  const take = { ...input, byOrganiser: Boolean(input.byOrganiser), now: input.now ?? new Date() };
  const status = await takePlace(db, actor, take);
  if (status) return { status, changed: true };
  return db.transaction((tx) => requestPlaceIn(tx, actor, take));
}

export interface RequestPlaceInput {
  eventId: number;
  personId: number;
  byOrganiser?: boolean;
  now?: Date;
}

async function requestPlaceIn(tx: Executor, actor: Actor, input: TakePlaceInput): Promise<PlaceOutcome> {
  const { now } = input;
  // Every writer of the event's places takes its row lock first; the reads below come after it.
  await tx.execute(sql`SELECT 1 FROM programme_events WHERE id = ${input.eventId} FOR UPDATE`);
  // The event, whether the person may confirm it and the place they hold, in one statement.
  const { rows } = await tx.execute<{
    status: EventRow['status'];
    format: EventRow['format'];
    starts_at: string;
    ends_at: string;
    confirm_by: string;
    eligible: boolean;
    place_status: PlaceStatus | null;
  }>(sql`
    SELECT e.status, e.format, e.starts_at, e.ends_at, e.confirm_by::text AS confirm_by,
           ${isEligibleSql(sql`e.id`, input.personId)} AS eligible,
           (SELECT status FROM event_places WHERE event_id = e.id AND person_id = ${input.personId}) AS place_status
    FROM programme_events e WHERE e.id = ${input.eventId}`);
  const found = rows[0];
  if (!found) throw new NotFoundError('There is no such event');
  const event = {
    status: found.status,
    format: found.format,
    startsAt: new Date(found.starts_at),
    endsAt: new Date(found.ends_at),
    confirmBy: found.confirm_by,
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
  // The rules allow it, under the lock: the one statement writes it now.
  const status = await takePlace(tx, actor, input);
  if (!status) throw new Error(`The place at event ${input.eventId} was allowed but not written`);
  return { status, changed: true };
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
