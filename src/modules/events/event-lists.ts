import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { PlaceStatus } from './schema.ts';

export interface PlaceListRow {
  placeId: number;
  personId: number;
  name: string;
  email: string;
  schoolName: string | null;
  status: PlaceStatus;
  priority: number;
  requestedAt: Date;
  confirmedAt: Date | null;
  promotedAt: Date | null;
  dietary: string | null;
  access: string | null;
  otherRequirements: string | null;
  joinedViaName: string | null;
  joinedViaPlaceId: number | null;
  addedByOrganiser: boolean;
  /** Place on the waiting list (1 = next), on the waiting list only. */
  position?: number;
}

/** Every place of an event (the waiting list in its order), for the organiser's lists and exports. */
export async function listPlaces(db: Executor, eventId: number): Promise<PlaceListRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT p.id, p.person_id, pe.given_name || ' ' || pe.family_name AS name, pe.email, s.name AS school_name,
           p.status, p.priority, p.requested_at, p.confirmed_at, p.promoted_at, p.dietary, p.access,
           p.other_requirements, p.joined_via_place_id, p.added_by_organiser,
           vp.given_name || ' ' || vp.family_name AS joined_via_name
    FROM event_places p
    JOIN programme_events e ON e.id = p.event_id
    JOIN people pe ON pe.id = p.person_id
    LEFT JOIN schools s ON s.urn = pe.school_urn
    LEFT JOIN event_places v ON v.id = p.joined_via_place_id
    LEFT JOIN people vp ON vp.id = v.person_id
    WHERE p.event_id = ${eventId}
    ORDER BY p.status,
             CASE WHEN e.waiting_priority = 'first_year_or_targeted_support' AND p.status = 'waiting' THEN p.priority ELSE 0 END DESC,
             p.requested_at, p.id`);
  return rows.map((r) => ({
    placeId: r.id as number,
    personId: r.person_id as number,
    name: r.name as string,
    email: r.email as string,
    schoolName: (r.school_name as string | null) ?? null,
    status: r.status as PlaceStatus,
    priority: r.priority as number,
    requestedAt: new Date(r.requested_at as string),
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at as string) : null,
    promotedAt: r.promoted_at ? new Date(r.promoted_at as string) : null,
    dietary: (r.dietary as string | null) ?? null,
    access: (r.access as string | null) ?? null,
    otherRequirements: (r.other_requirements as string | null) ?? null,
    joinedViaName: (r.joined_via_name as string | null) ?? null,
    joinedViaPlaceId: (r.joined_via_place_id as number | null) ?? null,
    addedByOrganiser: Boolean(r.added_by_organiser),
  }));
}

/**
 * A person's position on an event's waiting list (1 = next to be given a place), in the order places
 * are given (`fillFreePlaces`: with the priority rule, schools in their first year or in Targeted
 * Support first; then whoever asked first); null when they are not waiting.
 */
export async function waitingPosition(
  db: Executor,
  eventId: number,
  personId: number,
): Promise<number | null> {
  const { rows } = await db.execute<{ position: number }>(sql`
    SELECT position FROM (
      SELECT p.person_id, row_number() OVER (
        ORDER BY CASE WHEN e.waiting_priority = 'first_year_or_targeted_support' THEN p.priority ELSE 0 END DESC,
                 p.requested_at, p.id)::int AS position
      FROM event_places p JOIN programme_events e ON e.id = p.event_id
      WHERE p.event_id = ${eventId} AND p.status = 'waiting'
    ) w WHERE w.person_id = ${personId}`);
  return rows[0]?.position ?? null;
}
