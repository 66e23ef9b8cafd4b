import { academicYearCode } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { DEMO_TEMPLATE_YEAR, type DemoYears } from './demo-delivery.ts';
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

/**
 * The demonstration's delivery years: the four academic years up to and including today's in
 * England (1 September to 31 August), oldest first. The demonstration's catalogues are shaped on the
 * shipped 2023/24 one, so today must fall in 2023/24 or later.
 */
export function demoYears(today: string): DemoYears {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T12:00:00Z`)))
    throw new ValidationError([{ field: 'today', message: 'Enter today as a date, like 2026-12-02' }]);
  const current = currentAcademicYear(today);
  if (current < DEMO_TEMPLATE_YEAR)
    throw new ValidationError([
      {
        field: 'today',
        message: `The demonstration starts from ${DEMO_TEMPLATE_YEAR}: enter 1 September 2023 or later`,
      },
    ]);
  const start = Number(current.slice(0, 4));
  const years = [3, 2, 1, 0].map((back) => academicYearCode(start - back)) as [
    string,
    string,
    string,
    string,
  ];
  return { years, today };
}
