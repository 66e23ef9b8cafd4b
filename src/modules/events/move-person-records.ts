import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { holdsSeat } from './place-machine.ts';
import { fillFreePlaces } from './places.ts';
import type { PlaceStatus } from './schema.ts';

/** What moving a person's event records did, by id only (it goes into the event log). */
export interface EventRecordsMoved {
  eventPlacesMoved: number[];
  /** Both held a place at the event: the better one is kept, the other removed. */
  eventPlacesCombined: { eventId: number; kept: number; removed: number }[];
  eventTargetsMoved: number;
  eventNotificationsMoved: number;
  eventCommentsMoved: number;
  calendarFeedsMoved: number;
  eventMailPreferenceMoved: boolean;
}

/**
 * Which of two places at one event says more: an attendance mark (attended, then absent) over a
 * confirmed place, a confirmed place over the waiting list, anything over a cancelled place.
 */
const placeRank: Record<PlaceStatus, number> = {
  attended: 5,
  absent: 4,
  confirmed: 3,
  waiting: 2,
  cancelled: 1,
};

type PlaceRow = {
  id: number;
  event_id: number;
  person_id: number;
  status: PlaceStatus;
  requested_at: Date;
  starts_at: Date;
  event_status: string;
};

/** The place to keep of two at one event: the better status; on a tie, the earlier request (its place in the queue). */
export function placeToKeep<P extends Pick<PlaceRow, 'id' | 'status' | 'requested_at'>>(x: P, y: P): P {
  if (placeRank[x.status] !== placeRank[y.status]) return placeRank[x.status] > placeRank[y.status] ? x : y;
  const tx = new Date(x.requested_at).getTime();
  const ty = new Date(y.requested_at).getTime();
  if (tx !== ty) return tx < ty ? x : y;
  return x.id < y.id ? x : y;
}

/**
 * Moves every event record of person `from` to person `to` (merging duplicates): places (where both
 * hold a place at one event, the better is kept with the other's requirements where it had none, and
 * a seat the two held twice is freed for the waiting list of an event still to come), the events they
 * were invited to by name, their event emails, comments, calendar feeds and email preference (the
 * kept person's own preference wins). Call it inside the merge's transaction.
 */
export async function movePersonRecords(
  tx: Executor,
  actor: Actor,
  from: number,
  to: number,
): Promise<EventRecordsMoved> {
  const moved: EventRecordsMoved = {
    eventPlacesMoved: [],
    eventPlacesCombined: [],
    eventTargetsMoved: 0,
    eventNotificationsMoved: 0,
    eventCommentsMoved: 0,
    calendarFeedsMoved: 0,
    eventMailPreferenceMoved: false,
  };

  // Places: lock the events concerned (in id order, as every writer of places does one event at a time).
  const { rows: places } = await tx.execute<PlaceRow>(sql`
    SELECT p.id, p.event_id, p.person_id, p.status, p.requested_at, e.starts_at, e.status AS event_status
    FROM event_places p JOIN programme_events e ON e.id = p.event_id
    WHERE p.person_id IN (${from}, ${to}) ORDER BY p.event_id, p.id`);
  const eventIds = [...new Set(places.map((p) => p.event_id))];
  if (eventIds.length) {
    await tx.execute(
      sql`SELECT id FROM programme_events WHERE id = any(${sql.param(eventIds)}::int[]) ORDER BY id FOR UPDATE`,
    );
  }
  const toFill: number[] = [];
  for (const eventId of eventIds) {
    const theirs = places.filter((p) => p.event_id === eventId);
    const mine = theirs.find((p) => p.person_id === to);
    const other = theirs.find((p) => p.person_id === from);
    if (!other) continue;
    if (!mine) {
      await tx.execute(sql`UPDATE event_places SET person_id = ${to} WHERE id = ${other.id}`);
      moved.eventPlacesMoved.push(other.id);
      continue;
    }
    const kept = placeToKeep(mine, other);
    const removed = kept === mine ? other : mine;
    // Nothing the removed place held is lost: requirements it had and the kept one lacks, and
    // anyone who joined on its connection.
    await tx.execute(sql`
      UPDATE event_places k SET
        dietary = coalesce(k.dietary, r.dietary),
        access = coalesce(k.access, r.access),
        other_requirements = coalesce(k.other_requirements, r.other_requirements),
        attendance_marked_at = coalesce(k.attendance_marked_at, r.attendance_marked_at),
        added_by_organiser = k.added_by_organiser OR r.added_by_organiser
      FROM event_places r WHERE k.id = ${kept.id} AND r.id = ${removed.id}`);
    await tx.execute(
      sql`UPDATE event_places SET joined_via_place_id = ${kept.id} WHERE joined_via_place_id = ${removed.id}`,
    );
    await tx.execute(sql`DELETE FROM event_places WHERE id = ${removed.id}`);
    if (kept.person_id !== to) {
      await tx.execute(sql`UPDATE event_places SET person_id = ${to} WHERE id = ${kept.id}`);
    }
    if (holdsSeat(removed.status)) {
      // One person held two seats: one is freed.
      await tx.execute(
        sql`UPDATE programme_events SET confirmed_count = confirmed_count - 1 WHERE id = ${eventId}`,
      );
      if (kept.event_status === 'scheduled' && new Date(kept.starts_at).getTime() > Date.now()) {
        toFill.push(eventId);
      }
    }
    moved.eventPlacesCombined.push({ eventId, kept: kept.id, removed: removed.id });
  }
  for (const eventId of toFill) await fillFreePlaces(tx, actor, eventId);

  // Invited by name: once per event.
  await tx.execute(sql`
    DELETE FROM event_targets b USING event_targets a
    WHERE b.person_id = ${from} AND a.person_id = ${to} AND a.event_id = b.event_id AND a.kind = b.kind`);
  moved.eventTargetsMoved =
    (await tx.execute(sql`UPDATE event_targets SET person_id = ${to} WHERE person_id = ${from}`)).rowCount ??
    0;
  // A reminder already sent to B is not sent again to A: its dedupe key (queue-notification.ts) becomes A's.
  moved.eventNotificationsMoved =
    (
      await tx.execute(sql`
      UPDATE event_notifications n SET person_id = ${to},
        dedupe_key = CASE
          WHEN n.dedupe_key IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM event_notifications x WHERE x.dedupe_key = n.kind || ':' || n.event_id || ':' || ${to})
          THEN n.kind || ':' || n.event_id || ':' || ${to}
          ELSE n.dedupe_key END
      WHERE n.person_id = ${from}`)
    ).rowCount ?? 0;
  moved.eventCommentsMoved =
    (await tx.execute(sql`UPDATE event_comments SET person_id = ${to} WHERE person_id = ${from}`)).rowCount ??
    0;
  moved.calendarFeedsMoved =
    (await tx.execute(sql`UPDATE calendar_feeds SET person_id = ${to} WHERE person_id = ${from}`)).rowCount ??
    0;
  moved.eventMailPreferenceMoved =
    ((
      await tx.execute(sql`
        INSERT INTO event_mail_preferences (person_id, daily_digest)
        SELECT ${to}, daily_digest FROM event_mail_preferences WHERE person_id = ${from}
        ON CONFLICT (person_id) DO NOTHING`)
    ).rowCount ?? 0) > 0;
  await tx.execute(sql`DELETE FROM event_mail_preferences WHERE person_id = ${from}`);
  return moved;
}
