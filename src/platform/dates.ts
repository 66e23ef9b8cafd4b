/** Dates as people in England write them: 8 January 2024. Calendar dates are 'YYYY-MM-DD' strings. */
const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const hourMinute = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  // A calendar date has no time zone: read it at noon UTC so it is the same day in London.
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return Number.isNaN(date.getTime()) ? '' : longDate.format(date);
}

/**
 * A time of day in England, written one way everywhere (the GOV.UK style): 4pm, 4:30pm, 9am, midday,
 * midnight.
 */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const [hourText, minuteText] = hourMinute.format(date).split(':');
  const hour = Number(hourText) % 24;
  const minute = Number(minuteText);
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'midday';
  const suffix = hour < 12 ? 'am' : 'pm';
  const twelve = hour % 12 || 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** A moment as "8 January 2024, 4:30pm" (in England). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return `${longDate.format(date)}, ${formatTime(date)}`;
}

/** The academic year (1 September to 31 August) a calendar date falls in, as `2023/24`. */
export function academicYearOf(isoDate: string): string {
  const [yearText, monthText] = isoDate.split('-');
  const year = Number(yearText);
  const start = Number(monthText) >= 9 ? year : year - 1;
  return academicYearCode(start);
}

export function academicYearCode(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function academicYearBounds(code: string): { startsOn: string; endsOn: string } {
  const match = /^(\d{4})\/(\d{2})$/.exec(code);
  if (!match) throw new Error(`Not an academic year: ${code}`);
  const start = Number(match[1]);
  if ((start + 1) % 100 !== Number(match[2])) throw new Error(`Not an academic year: ${code}`);
  return { startsOn: `${start}-09-01`, endsOn: `${start + 1}-08-31` };
}

const englandDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in England, as YYYY-MM-DD. */
export const todayInEngland = (now = new Date()): string => englandDay.format(now);
