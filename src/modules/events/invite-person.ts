import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { type MatchedPerson, matchEmail } from '../people/find-by-email.ts';
import { loadEvent } from './load-event.ts';
import { type PlaceOutcome, requestPlace } from './places.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventTargets } from './schema.ts';

/**
 * Invites one person to an event (an organiser adding someone their hub may not see: see
 * `people/find-by-email.ts`): they become one of the event's invited people and are emailed the
 * invitation through the event mail queue; taking a place is then their own action. Nothing of theirs
 * appears on the organiser's lists until they do.
 */
export async function invitePersonToEvent(
  db: Executor,
  actor: Actor,
  input: { eventId: number; personId: number },
): Promise<void> {
  const { eventId, personId } = input;
  await db.transaction(async (tx) => {
    const event = await loadEvent(tx, eventId);
    if (!event) throw new NotFoundError('There is no such event');
    const [already] = await tx
      .select({ id: eventTargets.id })
      .from(eventTargets)
      .where(
        and(
          eq(eventTargets.eventId, eventId),
          eq(eventTargets.kind, 'person'),
          eq(eventTargets.personId, personId),
        ),
      );
    if (!already) await tx.insert(eventTargets).values({ eventId, kind: 'person', personId });
    const queued = await queueNotifications(tx, eventId, 'invitation', [personId], true);
    if (!already || queued) {
      await recordEvent(tx, actor, {
        action: 'event.person_invited',
        subjectType: 'programme_event',
        subjectId: eventId,
        hubId: event.hubId,
        changes: { personId },
      });
    }
  });
}

export interface AddPersonInput {
  eventId: number;
  email: string;
  /** The organiser's people scope (`people/policy.ts`): whom their hub may see. */
  scope: Parameters<typeof matchEmail>[1];
}

/**
 * An organiser adds someone to an event by email. Only someone the organiser's hub may see gets a
 * place (`placed`); anyone else with the email is invited (`invited`), and the organiser is told the
 * same for them as for an email that is no one's (`unknown`). A closed event refuses everyone alike,
 * before the email is looked up.
 */
export async function addPersonToEvent(
  db: Executor,
  actor: Actor,
  input: AddPersonInput,
): Promise<
  { kind: 'placed'; person: MatchedPerson; outcome: PlaceOutcome } | { kind: 'invited' } | { kind: 'unknown' }
> {
  const event = await loadEvent(db, input.eventId);
  if (!event) throw new NotFoundError('There is no such event');
  if (event.status === 'cancelled') throw new ConflictError('The event has been cancelled.');
  if (event.endsAt.getTime() <= Date.now()) throw new ConflictError('The event has ended.');
  const match = await matchEmail(db, input.scope, input.email);
  if (match.kind === 'new') return { kind: 'unknown' };
  if (match.kind === 'elsewhere') {
    await invitePersonToEvent(db, actor, { eventId: event.id, personId: match.person.id });
    return { kind: 'invited' };
  }
  const outcome = await requestPlace(db, actor, {
    eventId: event.id,
    personId: match.person.id,
    byOrganiser: true,
  });
  return { kind: 'placed', person: match.person, outcome };
}
