/**
 * Working days of the programme: Monday to Friday, except England and Wales bank holidays. Calendar
 * dates are 'YYYY-MM-DD' strings (days in England, never shifted by time zones).
 */
import { todayInEngland } from '../../platform/dates.ts';

export type EventFormat = 'online' | 'face_to_face';

/** How many working days before an event its attendance must be confirmed (the programme's rule). */
export const confirmationWorkingDays: Record<EventFormat, number> = { online: 2, face_to_face: 10 };

const dayOf = (iso: string) => new Date(`${iso}T12:00:00Z`);
const isoOf = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const date = dayOf(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return isoOf(date);
}

export function isWorkingDay(iso: string, bankHolidays: ReadonlySet<string>): boolean {
  const weekday = dayOf(iso).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays.has(iso);
}

/** The `n`th working day before a date (the date itself never counts). */
export function workingDaysBefore(iso: string, n: number, bankHolidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Not a number of working days: ${n}`);
  let day = iso;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, -1);
    if (isWorkingDay(day, bankHolidays)) counted++;
  }
  return day;
}

/**
 * The last day on which attendance of an event on `eventDay` can be confirmed: the 2nd working day
 * before an online event, the 10th before a face-to-face one. Confirmation is open until the end of
 * that day in England.
 */
export function confirmationDeadline(
  eventDay: string,
  format: EventFormat,
  bankHolidays: ReadonlySet<string>,
): string {
  return workingDaysBefore(eventDay, confirmationWorkingDays[format], bankHolidays);
}

/** True while confirmation is open: on or before the deadline day, in England. */
export const isConfirmationOpen = (deadline: string, now: Date = new Date()) =>
  todayInEngland(now) <= deadline;
