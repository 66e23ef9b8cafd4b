import { asc, desc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { people } from '../people/schema.ts';
import { loadEvent, placeOf } from './load-event.ts';
import { eventComments, eventDocuments } from './schema.ts';

/** The documents of an event. */
export const listDocuments = (db: Executor, eventId: number) =>
  db.select().from(eventDocuments).where(eq(eventDocuments.eventId, eventId)).orderBy(asc(eventDocuments.id));

/** The comments on an event, newest first, with who wrote them. */
export const listComments = (db: Executor, eventId: number) =>
  db
    .select({
      id: eventComments.id,
      body: eventComments.body,
      createdAt: eventComments.createdAt,
      name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
    })
    .from(eventComments)
    .innerJoin(people, eq(people.id, eventComments.personId))
    .where(eq(eventComments.eventId, eventId))
    .orderBy(desc(eventComments.id))
    .limit(200);

/** Adds a link to a document to an event (its organiser's change: the route checks who may). */
export async function addDocument(
  db: Executor,
  actor: Actor,
  input: { eventId: number; title: string; url: string },
): Promise<void> {
  const { eventId, title, url } = input;
  await db.transaction(async (tx) => {
    const event = await loadEvent(tx, eventId);
    if (!event) throw new NotFoundError('There is no such event');
    const [row] = await tx
      .insert(eventDocuments)
      .values({ eventId, title, url })
      .returning({ id: eventDocuments.id });
    await recordEvent(tx, actor, {
      action: 'event.document_added',
      subjectType: 'programme_event',
      subjectId: eventId,
      hubId: event.hubId,
      changes: { documentId: row!.id, title, url },
    });
  });
}

/**
 * A comment by a person with a place (confirmed, or after attending) or by an organiser
 * (`byOrganiser`: the route says whether the person may manage the event).
 */
export async function addComment(
  db: Executor,
  actor: Actor,
  input: { eventId: number; personId: number; body: string; byOrganiser: boolean },
): Promise<void> {
  const { eventId, personId, body } = input;
  await db.transaction(async (tx) => {
    const event = await loadEvent(tx, eventId);
    if (!event) throw new NotFoundError('There is no such event');
    const place = await placeOf(tx, eventId, personId);
    const confirmed = place && ['confirmed', 'attended', 'absent'].includes(place.status);
    if (!confirmed && !input.byOrganiser) throw new ConflictError('Confirm your attendance to comment');
    const [row] = await tx
      .insert(eventComments)
      .values({ eventId, personId, body })
      .returning({ id: eventComments.id });
    await recordEvent(tx, actor, {
      action: 'event.comment_added',
      subjectType: 'programme_event',
      subjectId: eventId,
      hubId: event.hubId,
      changes: { commentId: row!.id },
    });
  });
}
