import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { loadEvent, placeOf } from './load-event.ts';

export interface Requirements {
  dietary: string | null;
  access: string | null;
  otherRequirements: string | null;
}

export interface SaveRequirementsInput extends Requirements {
  eventId: number;
  /** The person whose place it is. */
  personId: number;
}

/** A confirmed person's requirements for a face-to-face event (dietary, access, other). */
export async function saveRequirements(
  db: Executor,
  actor: Actor,
  input: SaveRequirementsInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const event = await loadEvent(tx, input.eventId);
    if (!event) throw new NotFoundError('There is no such event');
    const place = await placeOf(tx, input.eventId, input.personId);
    if (event.format !== 'face_to_face')
      throw new ConflictError('Requirements are asked for face-to-face events only');
    if (!place || !['confirmed', 'waiting'].includes(place.status)) {
      throw new ConflictError('Confirm your attendance first');
    }
    await tx.execute(sql`UPDATE event_places SET dietary = ${input.dietary}, access = ${input.access},
      other_requirements = ${input.otherRequirements} WHERE id = ${place.id}`);
    await recordEvent(tx, actor, {
      action: 'event.requirements_saved',
      subjectType: 'programme_event',
      subjectId: input.eventId,
      hubId: event.hubId,
      // The requirements themselves may be health information: the log says that they changed, not what.
      changes: { personId: input.personId },
    });
  });
}
