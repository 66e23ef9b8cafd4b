import { describe, expect, it } from 'vitest';
import { attendanceEntriesOf } from './forms.ts';

describe('the attendance form', () => {
  it('reads a mark per place, the place joined through, and leaves unmarked places alone', () => {
    expect(
      attendanceEntriesOf({
        _csrf: 'token',
        'attendance-7': 'attended',
        'attendance-8': 'absent',
        'joinedVia-8': '7',
        'attendance-9': '',
        'attendance-10': 'attended',
        'joinedVia-10': 'not a number',
        'attendance-11': ['attended'],
      }),
    ).toEqual([
      { placeId: 7, status: 'attended', joinedViaPlaceId: null },
      { placeId: 8, status: 'absent', joinedViaPlaceId: 7 },
      { placeId: 10, status: 'attended', joinedViaPlaceId: null },
    ]);
  });
});
