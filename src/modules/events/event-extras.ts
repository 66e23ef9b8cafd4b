import { asc, desc, eq, sql } from 'drizzle-orm';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { people } from '../people/schema.ts';
import { eventFor } from './load-event.ts';
import { canManageEvent } from './policy.ts';
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

export async function addDocument(
  tx: Executor,
  principal: Principal,
  eventId: number,
  input: { title: string; url: string },
): Promise<void> {
  const { event } = await eventFor(tx, principal, eventId, 'manage');
  const [row] = await tx
    .insert(eventDocuments)
    .values({ eventId, ...input })
    .returning({ id: eventDocuments.id });
  await recordEvent(tx, actorOf(principal), {
    action: 'event.document_added',
    subjectType: 'programme_event',
    subjectId: eventId,
    hubId: event.hubId,
    changes: { documentId: row!.id, ...input },
  });
}

/** A comment by a person with a place (confirmed, or after attending) or by an organiser. */
export async function addComment(
  tx: Executor,
  principal: Principal,
  eventId: number,
  body: string,
): Promise<void> {
  const { event, place } = await eventFor(tx, principal, eventId, 'attend');
  const confirmed = place && ['confirmed', 'attended', 'absent'].includes(place.status);
  if (!confirmed && !canManageEvent(principal, event))
    throw new ConflictError('Confirm your attendance to comment');
  const [row] = await tx
    .insert(eventComments)
    .values({ eventId, personId: principal.personId, body })
    .returning({ id: eventComments.id });
  await recordEvent(tx, actorOf(principal), {
    action: 'event.comment_added',
    subjectType: 'programme_event',
    subjectId: eventId,
    hubId: event.hubId,
    changes: { commentId: row!.id },
  });
}
