import type { Random } from './random.ts';

/** The day the demonstration register describes: its statuses and dates are as of this day. */
export const DEMO_AS_OF = '2026-10-01';

const iso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
}

/** A day between two dates, both included. */
export function dayBetween(random: Random, from: string, to: string): string {
  const start = Date.parse(`${from}T12:00:00Z`);
  const end = Date.parse(`${to}T12:00:00Z`);
  return iso(new Date(start + random.int(0, Math.round((end - start) / 86_400_000)) * 86_400_000));
}

/**
 * The first day of a month between two years, as schools open: most on 1 September, many on
 * 1 April or 1 January (academy conversions), some on the first of another month.
 */
export function openingDay(random: Random, fromYear: number, toYear: number, latest = DEMO_AS_OF): string {
  for (;;) {
    const year = random.int(fromYear, toYear);
    const month = random.weighted([
      [9, 40],
      [4, 16],
      [1, 14],
      [2, 4],
      [3, 4],
      [5, 4],
      [6, 4],
      [7, 4],
      [8, 2],
      [10, 3],
      [11, 3],
      [12, 2],
    ] as const);
    const day = `${year}-${String(month).padStart(2, '0')}-01`;
    if (day <= latest) return day;
  }
}
