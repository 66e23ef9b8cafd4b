import { describe, expect, it } from 'vitest';
import { academicYearBounds, academicYearOf, formatDate } from './dates.ts';

describe('dates', () => {
  it('writes dates as people in England do', () => {
    expect(formatDate('2024-01-08')).toBe('8 January 2024');
    expect(formatDate('2023-12-31')).toBe('31 December 2023');
    expect(formatDate(null)).toBe('');
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
