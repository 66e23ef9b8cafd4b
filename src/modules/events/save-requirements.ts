import { sql } from 'drizzle-orm';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { eventFor } from './load-event.ts';

export interface Requirements {
  dietary: string | null;
  access: string | null;
  otherRequirements: string | null;
}

/** A confirmed person's requirements for a face-to-face event (dietary, access, other). */
export async function saveRequirements(
  tx: Executor,
  principal: Principal,
  eventId: number,
  input: Requirements,
): Promise<void> {
  const { event, place } = await eventFor(tx, principal, eventId, 'attend');
  if (event.format !== 'face_to_face')
    throw new ConflictError('Requirements are asked for face-to-face events only');
  if (!place || !['confirmed', 'waiting'].includes(place.status)) {
    throw new ConflictError('Confirm your attendance first');
  }
  await tx.execute(sql`UPDATE event_places SET dietary = ${input.dietary}, access = ${input.access},
    other_requirements = ${input.otherRequirements} WHERE id = ${place.id}`);
  await recordEvent(tx, actorOf(principal), {
    action: 'event.requirements_saved',
    subjectType: 'programme_event',
    subjectId: eventId,
    hubId: event.hubId,
    // The requirements themselves may be health information: the log says that they changed, not what.
    changes: { personId: principal.personId },
  });
}
