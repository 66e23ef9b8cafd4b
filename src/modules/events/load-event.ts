import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { ncpKeyOfCode, type Principal } from '../../platform/principal.ts';
import { isEligibleSql } from './eligibility.ts';
import { canManageEvent, canSeeEventLists } from './policy.ts';
import { eventPlaces, programmeEvents } from './schema.ts';

export type EventRow = typeof programmeEvents.$inferSelect;
export type PlaceRow = typeof eventPlaces.$inferSelect;

export async function loadEvent(db: Executor, id: number): Promise<EventRow | null> {
  const [row] = await db.select().from(programmeEvents).where(eq(programmeEvents.id, id));
  return row ?? null;
}

/** The event's row, locked until the transaction ends: every change of its places takes this first. */
export async function lockEvent(tx: Executor, id: number): Promise<EventRow | null> {
  const [row] = await tx.select().from(programmeEvents).where(eq(programmeEvents.id, id)).for('update');
  return row ?? null;
}

export async function placeOf(db: Executor, eventId: number, personId: number): Promise<PlaceRow | null> {
  const [row] = await db
    .select()
    .from(eventPlaces)
    .where(sql`${eventPlaces.eventId} = ${eventId} AND ${eventPlaces.personId} = ${personId}`);
  return row ?? null;
}

/** The place whose personal Connect link has this token, or null. */
export async function placeByConnectToken(db: Executor, token: string): Promise<PlaceRow | null> {
  const [row] = await db.select().from(eventPlaces).where(eq(eventPlaces.connectToken, token));
  return row ?? null;
}

export async function isEligible(db: Executor, eventId: number, personId: number): Promise<boolean> {
  const { rows } = await db.execute<{ ok: boolean }>(sql`SELECT ${isEligibleSql(eventId, personId)} AS ok`);
  return Boolean(rows[0]?.ok);
}

/** The key across years ('09') of a national workshop's NCP; null for a hub's event or one of no NCP. */
async function nationalNcpKey(db: Executor, event: EventRow): Promise<string | null> {
  if (event.hubId !== null || event.ncpId === null) return null;
  const { rows } = await db.execute<{ code: string }>(sql`SELECT code FROM ncps WHERE id = ${event.ncpId}`);
  return rows[0] ? ncpKeyOfCode(rows[0].code) : null;
}

export type EventNeed = 'attend' | 'lists' | 'manage';

/**
 * Loads an event and checks the principal may use it so. An event someone may not see is "not found"
 * (another hub's events do not leak); one they see but may not change is forbidden.
 *  - attend: eligible, holding a place, or an organiser who may see its lists;
 *  - lists: national staff and whoever manages it;
 *  - manage: national administrators, and the event hub's leadership;
 *  - an NCP's own team (Project Lead, Coordination Team) see the lists of, and manage, its national workshops.
 */
export async function eventFor(
  db: Executor,
  principal: Principal,
  id: number,
  need: EventNeed,
): Promise<{ event: EventRow & { ncpKey: string | null }; place: PlaceRow | null; eligible: boolean }> {
  const loaded = await loadEvent(db, id);
  if (!loaded) throw new NotFoundError('There is no such event');
  // A national workshop's NCP, by its key across years: its own team run it (events/policy.ts).
  const event = { ...loaded, ncpKey: await nationalNcpKey(db, loaded) };
  const place = await placeOf(db, id, principal.personId);
  const lists = canSeeEventLists(principal, event);
  const eligible = await isEligible(db, id, principal.personId);
  if (!lists && !place && !eligible) throw new NotFoundError('There is no such event');
  if (need === 'lists' && !lists) throw new ForbiddenError('You cannot see the lists of this event');
  if (need === 'manage' && !canManageEvent(principal, event)) {
    throw new ForbiddenError('You cannot change this event');
  }
  return { event, place, eligible };
}
