import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventTargets } from './schema.ts';

/**
 * Invites one person to an event (an organiser adding someone their hub may not see: see
 * `people/find-by-email.ts`): they become one of the event's invited people and are emailed the
 * invitation through the event mail queue; taking a place is then their own action. Nothing of theirs
 * appears on the organiser's lists until they do.
 */
export async function invitePersonToEvent(
  tx: Executor,
  actor: Actor,
  event: { id: number; hubId: number | null },
  personId: number,
): Promise<void> {
  const [already] = await tx
    .select({ id: eventTargets.id })
    .from(eventTargets)
    .where(
      and(
        eq(eventTargets.eventId, event.id),
        eq(eventTargets.kind, 'person'),
        eq(eventTargets.personId, personId),
      ),
    );
  if (!already) await tx.insert(eventTargets).values({ eventId: event.id, kind: 'person', personId });
  const queued = await queueNotifications(tx, event.id, 'invitation', [personId], true);
  if (!already || queued) {
    await recordEvent(tx, actor, {
      action: 'event.person_invited',
      subjectType: 'programme_event',
      subjectId: event.id,
      hubId: event.hubId,
      changes: { personId },
    });
  }
}
