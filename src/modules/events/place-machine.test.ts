import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdsSeat, nextPlaceStatus, type PlaceAction, PlaceTransitionError } from './place-machine.ts';
import type { PlaceStatus } from './schema.ts';

describe('the place state machine', () => {
  it('a request takes a free place, or joins the waiting list when full', () => {
    expect(nextPlaceStatus(null, 'request', true)).toBe('confirmed');
    expect(nextPlaceStatus(null, 'request', false)).toBe('waiting');
    expect(nextPlaceStatus('cancelled', 'request', true)).toBe('confirmed');
    expect(nextPlaceStatus('cancelled', 'request', false)).toBe('waiting');
    expect(() => nextPlaceStatus('confirmed', 'request', true)).toThrow(PlaceTransitionError);
    expect(() => nextPlaceStatus('waiting', 'request', true)).toThrow(PlaceTransitionError);
  });

  it('only the waiting list is promoted, and only into a free place', () => {
    expect(nextPlaceStatus('waiting', 'promote', true)).toBe('confirmed');
    expect(() => nextPlaceStatus('waiting', 'promote', false)).toThrow(PlaceTransitionError);
    expect(() => nextPlaceStatus('cancelled', 'promote', true)).toThrow(PlaceTransitionError);
  });

  it('a confirmation or a waiting place can be cancelled; attendance cannot', () => {
    expect(nextPlaceStatus('confirmed', 'cancel', false)).toBe('cancelled');
    expect(nextPlaceStatus('waiting', 'cancel', false)).toBe('cancelled');
    expect(() => nextPlaceStatus('attended', 'cancel', false)).toThrow(PlaceTransitionError);
    expect(() => nextPlaceStatus(null, 'cancel', false)).toThrow(PlaceTransitionError);
  });

  it('attendance is marked on places that hold a seat, and can be corrected', () => {
    expect(nextPlaceStatus('confirmed', 'mark_attended', false)).toBe('attended');
    expect(nextPlaceStatus('attended', 'mark_absent', false)).toBe('absent');
    expect(nextPlaceStatus('absent', 'mark_attended', false)).toBe('attended');
    expect(() => nextPlaceStatus('waiting', 'mark_attended', true)).toThrow(PlaceTransitionError);
  });

  it('never fills more seats than the capacity, whatever the sequence of actions', () => {
    const actions: PlaceAction[] = ['request', 'promote', 'cancel', 'mark_attended', 'mark_absent'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...actions)), { maxLength: 80 }),
        (capacity, steps) => {
          const places = new Map<number, PlaceStatus | null>();
          const seats = () => [...places.values()].filter(holdsSeat).length;
          for (const [person, action] of steps) {
            try {
              const after = nextPlaceStatus(places.get(person) ?? null, action, seats() < capacity);
              places.set(person, after);
            } catch (error) {
              if (!(error instanceof PlaceTransitionError)) throw error;
            }
            expect(seats()).toBeLessThanOrEqual(capacity);
          }
        },
      ),
    );
  });
});
