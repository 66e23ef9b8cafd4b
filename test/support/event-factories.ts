import { randomBytes } from 'node:crypto';
import { eventPlaces, eventTargets, programmeEvents } from '../../src/modules/events/schema.ts';
import { addDays } from '../../src/modules/events/working-days.ts';
import type { Database } from '../../src/platform/database.ts';
import { todayInEngland } from '../../src/platform/dates.ts';

let sequence = 0;

/** A day `days` from today in England, as 'YYYY-MM-DD'. */
export const dayFromToday = (days: number) => addDays(todayInEngland(), days);

/**
 * An event made directly (as the organiser's form would), open to the people named: by default it
 * starts in 60 days at 10:00 UTC with its deadline 30 days ahead.
 */
export async function makeEvent(
  db: Database,
  input: {
    hubId?: number | null;
    title?: string;
    format?: 'online' | 'face_to_face';
    startsAt?: Date;
    endsAt?: Date;
    confirmBy?: string;
    capacity?: number;
    invite?: number[];
    activityId?: number | null;
    activitySessionId?: number | null;
    waitingPriority?: 'joined_first' | 'first_year_or_targeted_support';
  } = {},
) {
  const n = ++sequence;
  const startsAt = input.startsAt ?? new Date(`${dayFromToday(60)}T10:00:00Z`);
  const [event] = await db
    .insert(programmeEvents)
    .values({
      hubId: input.hubId ?? null,
      title: input.title ?? `Test event ${n}`,
      format: input.format ?? 'online',
      platform: 'Zoom',
      connectUrl: 'https://zoom.example/j/123456',
      venue: input.format === 'face_to_face' ? 'Test Conference Centre' : null,
      startsAt,
      endsAt: input.endsAt ?? new Date(startsAt.getTime() + 2 * 3600_000),
      confirmBy: input.confirmBy ?? dayFromToday(30),
      capacity: input.capacity ?? 30,
      activityId: input.activityId ?? null,
      activitySessionId: input.activitySessionId ?? null,
      waitingPriority: input.waitingPriority ?? 'joined_first',
    })
    .returning();
  if (input.invite?.length) {
    await db
      .insert(eventTargets)
      .values(input.invite.map((personId) => ({ eventId: event!.id, kind: 'person' as const, personId })));
  }
  return event!;
}

/** A place at an event, written directly (for lists and attendance of past events). */
export async function givePlace(
  db: Database,
  eventId: number,
  personId: number,
  status: 'confirmed' | 'waiting' | 'attended' | 'absent' = 'confirmed',
) {
  const [place] = await db
    .insert(eventPlaces)
    .values({
      eventId,
      personId,
      status,
      connectToken: randomBytes(18).toString('base64url'),
      confirmedAt: new Date(),
    })
    .returning();
  if (status !== 'waiting') {
    await db.$client.query(
      'UPDATE programme_events SET confirmed_count = confirmed_count + 1 WHERE id = $1',
      [eventId],
    );
  }
  return place!;
}
