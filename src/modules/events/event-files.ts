import type { Executor } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { type DocumentSummary, listDocuments } from '../documents/document-reads.ts';
import { isSeated } from './event-view-models.ts';
import type { PlaceRow } from './load-event.ts';
import { canManageEvent, canSeeEventLists, type EventRecord } from './policy.ts';

/** An event's uploaded documents belong to it as owner `event` (modules/documents, issue 18). */
export const eventOwner = (eventId: number) => ({ ownerKind: 'event', ownerId: String(eventId) });

/**
 * Who may see and download an event's documents: those with a place, and those who organise it or see
 * its lists (the same people who see its documents tab).
 */
export const canSeeEventFiles = (principal: Principal, event: EventRecord, place: PlaceRow | null) =>
  isSeated(place) || canManageEvent(principal, event) || canSeeEventLists(principal, event);

/** An event's uploaded documents, oldest first, each with its newest version. */
export const eventFiles = (db: Executor, eventId: number): Promise<DocumentSummary[]> =>
  listDocuments(db, eventOwner(eventId));
