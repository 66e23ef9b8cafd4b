import { describe, expect, it } from 'vitest';
import { academicYearBounds, academicYearOf, formatDate, formatDateTime, formatTime } from './dates.ts';

describe('dates', () => {
  it('writes dates as people in England do', () => {
    expect(formatDate('2024-01-08')).toBe('8 January 2024');
    expect(formatDate('2023-12-31')).toBe('31 December 2023');
    expect(formatDate(null)).toBe('');
  });
  it('writes times one way, the GOV.UK way: 4pm, 4:30pm, midday (issue 14: 4:00pm and 16:00)', () => {
    // British Summer Time in October, Greenwich Mean Time in January.
    expect(formatTime(new Date('2023-10-10T15:00:00Z'))).toBe('4pm');
    expect(formatTime(new Date('2024-01-08T16:30:00Z'))).toBe('4:30pm');
    expect(formatTime(new Date('2024-01-08T09:05:00Z'))).toBe('9:05am');
    expect(formatTime(new Date('2024-01-08T12:00:00Z'))).toBe('midday');
    expect(formatTime(new Date('2024-01-08T00:00:00Z'))).toBe('midnight');
    expect(formatTime(new Date('2024-01-08T00:30:00Z'))).toBe('12:30am');
    expect(formatDateTime(new Date('2024-01-08T16:00:00Z'))).toBe('8 January 2024, 4pm');
    expect(formatDateTime('2023-10-10T13:30:00Z')).toBe('10 October 2023, 2:30pm');
  });
  it('knows the academic year of a date', () => {
    expect(academicYearOf('2023-09-01')).toBe('2023/24');
    expect(academicYearOf('2024-08-31')).toBe('2023/24');
    expect(academicYearOf('1999-12-01')).toBe('1999/00');
  });
  it('gives the bounds of an academic year and rejects nonsense', () => {
    expect(academicYearBounds('2023/24')).toEqual({ startsOn: '2023-09-01', endsOn: '2024-08-31' });
    expect(() => academicYearBounds('2023/25')).toThrow();
  });
});
