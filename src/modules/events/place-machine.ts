import type { PlaceStatus } from './schema.ts';

/**
 * The life of a place at an event (docs/state-machines.md, "Event places"):
 *
 *   (none) ──request──▶ confirmed   when a place is free
 *   (none) ──request──▶ waiting     when the event is full
 *   waiting ──promote──▶ confirmed  when a place frees (the next person, automatically)
 *   confirmed | waiting ──cancel──▶ cancelled   (a confirmed place passes to the waiting list)
 *   cancelled ──request──▶ confirmed | waiting  (asking again joins the back of the list)
 *   confirmed | attended | absent ──mark──▶ attended | absent   (the organiser, at or after the event)
 *
 * Places that hold a seat (counted against the capacity): confirmed, attended, absent.
 */
export type PlaceAction = 'request' | 'promote' | 'cancel' | 'mark_attended' | 'mark_absent';

export const holdsSeat = (status: PlaceStatus | null) =>
  status === 'confirmed' || status === 'attended' || status === 'absent';

export class PlaceTransitionError extends Error {}

const messages: Record<PlaceAction, string> = {
  request: 'already has a place or is on the waiting list',
  promote: 'is not on the waiting list',
  cancel: 'has no place to cancel',
  mark_attended: 'has no confirmed place',
  mark_absent: 'has no confirmed place',
};

/** The status after an action, or a PlaceTransitionError when the action does not apply. */
export function nextPlaceStatus(
  current: PlaceStatus | null,
  action: PlaceAction,
  placeFree: boolean,
): PlaceStatus {
  const refuse = (): never => {
    throw new PlaceTransitionError(`The person ${messages[action]}`);
  };
  switch (action) {
    case 'request':
      if (current === null || current === 'cancelled') return placeFree ? 'confirmed' : 'waiting';
      return refuse();
    case 'promote':
      if (current === 'waiting' && placeFree) return 'confirmed';
      return refuse();
    case 'cancel':
      if (current === 'confirmed' || current === 'waiting') return 'cancelled';
      return refuse();
    case 'mark_attended':
      return holdsSeat(current) ? 'attended' : refuse();
    case 'mark_absent':
      return holdsSeat(current) ? 'absent' : refuse();
  }
}
