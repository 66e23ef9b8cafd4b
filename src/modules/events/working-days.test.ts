import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { todayInEngland } from '../../platform/dates.ts';
import { projectRoot } from '../../platform/views.ts';
import { parseBankHolidayCsv } from './bank-holiday-file.ts';
import { confirmationDeadline, isConfirmationOpen, isWorkingDay, workingDaysBefore } from './working-days.ts';

// The shipped calendar (GOV.UK's England and Wales bank holidays 2018–2027), as the platform loads it.
const shipped = parseBankHolidayCsv(
  readFileSync(path.join(projectRoot, 'reference/bank-holidays.csv'), 'utf8'),
);
const holidays = new Set(shipped.map((h) => h.date));

describe('working days and confirmation deadlines', () => {
  it('reads the shipped calendar, with the one-off bank holidays', () => {
    expect(holidays.size).toBe(83);
    expect(shipped.find((h) => h.date === '2020-05-08')?.title).toMatch(/VE day/i);
    expect(holidays.has('2022-06-03')).toBe(true); // Platinum Jubilee
    expect(holidays.has('2022-09-19')).toBe(true); // State Funeral of Queen Elizabeth II
    expect(holidays.has('2023-05-08')).toBe(true); // Coronation of King Charles III
  });

  it('face-to-face on Monday 8 January 2024: the last day is Wednesday 20 December 2023', () => {
    expect(confirmationDeadline('2024-01-08', 'face_to_face', holidays)).toBe('2023-12-20');
  });

  it('skips Christmas, Boxing Day and New Year for online events', () => {
    // Tuesday 2 January 2024: Mon 1 Jan, Tue 26 and Mon 25 Dec are holidays → Fri 29, Thu 28 Dec.
    expect(confirmationDeadline('2024-01-02', 'online', holidays)).toBe('2023-12-28');
    // Wednesday 27 December 2023: Tue 26 and Mon 25 are holidays → Fri 22, Thu 21.
    expect(confirmationDeadline('2023-12-27', 'online', holidays)).toBe('2023-12-21');
  });

  it('skips Good Friday and Easter Monday', () => {
    // Tuesday 2 April 2024: Mon 1 April (Easter Monday), Fri 29 March (Good Friday) → Thu 28, Wed 27.
    expect(confirmationDeadline('2024-04-02', 'online', holidays)).toBe('2024-03-27');
    // Face to face on Wednesday 10 April 2024: Tue 9, Mon 8, Fri 5, Thu 4, Wed 3, Tue 2, Thu 28 Mar,
    // Wed 27, Tue 26, Mon 25.
    expect(confirmationDeadline('2024-04-10', 'face_to_face', holidays)).toBe('2024-03-25');
  });

  it('skips the one-off bank holidays of 2020, 2022 and 2023', () => {
    // VE Day Friday 8 May 2020: an online event on Monday 11 May → Thu 7, Wed 6.
    expect(confirmationDeadline('2020-05-11', 'online', holidays)).toBe('2020-05-06');
    // Platinum Jubilee Thu 2 and Fri 3 June 2022 (and the spring holiday moved to Thu 2 June).
    expect(confirmationDeadline('2022-06-06', 'online', holidays)).toBe('2022-05-31');
    // State Funeral Monday 19 September 2022: online on Wednesday 21 → Tue 20, Fri 16.
    expect(confirmationDeadline('2022-09-21', 'online', holidays)).toBe('2022-09-16');
    // Coronation Monday 8 May 2023 and the early May holiday Monday 1 May: face to face on Fri 12 May
    // → Thu 11, Wed 10, Tue 9, Fri 5, Thu 4, Wed 3, Tue 2, Fri 28 Apr, Thu 27, Wed 26.
    expect(confirmationDeadline('2023-05-12', 'face_to_face', holidays)).toBe('2023-04-26');
  });

  it('counts weekends out, and never counts the event day itself', () => {
    // Monday 15 January 2024 online → Thu 11 and Fri 12.
    expect(confirmationDeadline('2024-01-15', 'online', holidays)).toBe('2024-01-11');
    // An event on a Saturday or Sunday counts back from the Friday before.
    expect(confirmationDeadline('2024-01-13', 'online', holidays)).toBe('2024-01-11');
    expect(confirmationDeadline('2024-01-14', 'online', holidays)).toBe('2024-01-11');
    // Face to face on Friday 19 January 2024: two whole weeks back, minus the Friday itself.
    expect(confirmationDeadline('2024-01-19', 'face_to_face', holidays)).toBe('2024-01-05');
    expect(workingDaysBefore('2024-01-10', 1, new Set())).toBe('2024-01-09');
    expect(() => workingDaysBefore('2024-01-10', 0, holidays)).toThrow();
  });

  it('a national team addition to the calendar moves the deadline', () => {
    const extended = new Set([...holidays, '2023-12-20']);
    expect(confirmationDeadline('2024-01-08', 'face_to_face', extended)).toBe('2023-12-19');
    expect(isWorkingDay('2023-12-20', extended)).toBe(false);
    expect(isWorkingDay('2023-12-20', holidays)).toBe(true);
  });

  it('confirmation is open until the end of the deadline day in England', () => {
    expect(todayInEngland(new Date('2023-06-30T23:30:00Z'))).toBe('2023-07-01'); // BST
    expect(todayInEngland(new Date('2023-12-20T23:59:00Z'))).toBe('2023-12-20'); // GMT
    expect(isConfirmationOpen('2023-12-20', new Date('2023-12-20T23:59:00Z'))).toBe(true);
    expect(isConfirmationOpen('2023-12-20', new Date('2023-12-21T00:00:00Z'))).toBe(false);
    expect(isConfirmationOpen('2023-06-30', new Date('2023-06-30T23:30:00Z'))).toBe(false);
  });
});
