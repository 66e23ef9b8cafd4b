import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import type { CalendarEvent } from './ics.ts';
import type { EventRow } from './load-event.ts';
import { calendarFeeds, eventPlaces, programmeEvents } from './schema.ts';

/** Whether the person has a working feed (its address is shown only once, when made). */
export async function activeFeed(db: Executor, personId: number) {
  const [row] = await db
    .select({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)));
  return row ?? null;
}

/** Makes a new secret feed address (the old one stops working). Only the token's hash is kept. */
export async function createFeed(db: Executor, actor: Actor, input: { personId: number }): Promise<string> {
  const { personId } = input;
  return db.transaction(async (tx) => {
    await revokeIn(tx, personId);
    const token = randomToken(24);
    await tx.insert(calendarFeeds).values({ personId, tokenHash: sha256(token) });
    await recordEvent(tx, actor, {
      action: 'calendar_feed.created',
      subjectType: 'person',
      subjectId: personId,
    });
    return token;
  });
}

/** Stops the person's feed address working; false when they had none. */
export async function revokeFeed(db: Executor, actor: Actor, input: { personId: number }): Promise<boolean> {
  const { personId } = input;
  return db.transaction(async (tx) => {
    const revoked = await revokeIn(tx, personId);
    if (revoked) {
      await recordEvent(tx, actor, {
        action: 'calendar_feed.revoked',
        subjectType: 'person',
        subjectId: personId,
      });
    }
    return revoked;
  });
}

async function revokeIn(tx: Executor, personId: number): Promise<boolean> {
  const revoked = await tx
    .update(calendarFeeds)
    .set({ revokedAt: new Date() })
    .where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id });
  return revoked.length > 0;
}

/** The person whose feed this is, or null for an unknown or revoked address. */
export async function feedOwner(db: Executor, token: string): Promise<number | null> {
  const [row] = await db
    .select({ personId: calendarFeeds.personId })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tokenHash, sha256(token)), isNull(calendarFeeds.revokedAt)));
  return row?.personId ?? null;
}

/** An event as a calendar entry; a cancelled event, or a place the person cancelled, shows as cancelled. */
export function calendarEventOf(event: EventRow, eventUrl: string, placeCancelled = false): CalendarEvent {
  return {
    uid: `programme-event-${event.id}@mathshubs`,
    title: event.title,
    description: [event.description, `Details: ${eventUrl}`].filter(Boolean).join('\n\n'),
    location: event.format === 'online' ? (event.platform ?? 'Online') : event.venue,
    url: eventUrl,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    sequence: event.sequence,
    cancelled: event.status === 'cancelled' || placeCancelled,
    updatedAt: event.updatedAt,
  };
}

/**
 * The events of a person's feed: every event they asked for a place at in the last 180 days. A place
 * they cancelled stays in the feed as cancelled, so calendars remove it.
 */
export async function feedEvents(
  db: Executor,
  personId: number,
): Promise<{ event: EventRow; placeCancelled: boolean }[]> {
  const rows = await db
    .select({ event: programmeEvents, placeStatus: eventPlaces.status })
    .from(programmeEvents)
    .innerJoin(eventPlaces, eq(eventPlaces.eventId, programmeEvents.id))
    .where(
      and(eq(eventPlaces.personId, personId), sql`${programmeEvents.endsAt} > now() - interval '180 days'`),
    )
    .orderBy(programmeEvents.startsAt);
  return rows.map((r) => ({ event: r.event, placeCancelled: r.placeStatus === 'cancelled' }));
}
