import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/errors.ts';
import { demoYears } from './demo-dates.ts';

describe('the demonstration’s years', () => {
  it('are the four academic years up to and including today’s (1 September to 31 August)', () => {
    expect(demoYears('2024-08-31').years).toEqual(['2020/21', '2021/22', '2022/23', '2023/24']);
    expect(demoYears('2026-08-31').years).toEqual(['2022/23', '2023/24', '2024/25', '2025/26']);
    expect(demoYears('2026-09-01').years).toEqual(['2023/24', '2024/25', '2025/26', '2026/27']);
    expect(demoYears('2027-03-15')).toEqual({
      years: ['2023/24', '2024/25', '2025/26', '2026/27'],
      today: '2027-03-15',
    });
  });

  it('refuses a day before 2023/24 (the catalogue the demonstration is shaped on) or not a date', () => {
    expect(() => demoYears('2023-08-31')).toThrow(ValidationError);
    expect(() => demoYears('2 December 2026')).toThrow(ValidationError);
    expect(() => demoYears('2026-13-01')).toThrow(ValidationError);
  });
});
