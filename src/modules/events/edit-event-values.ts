import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { emailsOf } from '../people/get-person.ts';
import { formValuesOf } from './event-view-models.ts';
import type { EventRow } from './load-event.ts';
import { eventTargets } from './schema.ts';

/** The edit form's values for an event as it is now. */
export async function eventEditValues(db: Executor, event: EventRow) {
  const targets = await db.select().from(eventTargets).where(eq(eventTargets.eventId, event.id));
  const emails = await emailsOf(db, [0, ...targets.map((t) => t.personId ?? 0)]);
  const ncpCodes = new Map(
    (
      await db
        .select({ id: ncps.id, code: ncps.code })
        .from(ncps)
        .where(inArray(ncps.id, [0, event.ncpId ?? 0, ...targets.map((t) => t.ncpId ?? 0)]))
    ).map((n) => [n.id, n.code]),
  );
  return formValuesOf(
    event,
    targets.map((t) => ({
      kind: t.kind,
      personEmail: t.personId ? (emails.get(t.personId) ?? null) : t.email,
      role: t.role,
      activityId: t.activityId,
      ncpCode: t.ncpId ? (ncpCodes.get(t.ncpId) ?? null) : null,
    })),
    event.ncpId ? (ncpCodes.get(event.ncpId) ?? null) : null,
  );
}

/** The hub an event belongs to (null: a national workshop), for its pages. */
export async function hubOfEvent(
  db: Executor,
  event: Pick<EventRow, 'hubId'>,
): Promise<{ name: string; slug: string } | null> {
  if (event.hubId === null) return null;
  const [hub] = await db
    .select({ name: hubs.name, slug: hubs.slug })
    .from(hubs)
    .where(eq(hubs.id, event.hubId));
  return hub ?? null;
}
