/**
 * Readers for the values in a GIAS CSV. Each takes the text of one field and returns the value, null for
 * an empty field, or throws a ValueProblem that says what is wrong in words a person can act on.
 */
export class ValueProblem extends Error {}

/** Optional text: an empty field is null. */
export const text = (raw: string) => (raw === '' ? null : raw);

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** GIAS dates are DD-MM-YYYY; we keep calendar dates as 'YYYY-MM-DD'. */
export function giasDate(raw: string): string | null {
  if (raw === '') return null;
  if (/^\d{2}-\d{2}-\d{4}$/.test(raw)) {
    const day = Number(raw.slice(0, 2));
    const month = Number(raw.slice(3, 5));
    const year = Number(raw.slice(6));
    const lastDay = month === 2 && isLeapYear(year) ? 29 : daysInMonth[month - 1];
    if (lastDay !== undefined && day >= 1 && day <= lastDay)
      return `${raw.slice(6)}-${raw.slice(3, 5)}-${raw.slice(0, 2)}`;
  }
  throw new ValueProblem(`‘${raw}’ is not a date in the form DD-MM-YYYY`);
}

/** A whole number of at most nine digits (URNs, ages, pupil numbers). */
export function wholeNumber(raw: string): number | null {
  if (raw === '') return null;
  if (!/^\d{1,9}$/.test(raw)) throw new ValueProblem(`‘${raw}’ is not a whole number`);
  return Number(raw);
}

/** A percentage from 0 to 100 with up to two decimal places kept, as text for a NUMERIC column. */
export function percentage(raw: string): string | null {
  if (raw === '') return null;
  if (!/^\d{1,3}(\.\d+)?$/.test(raw) || Number(raw) > 100) {
    throw new ValueProblem(`‘${raw}’ is not a percentage from 0 to 100`);
  }
  return raw;
}

/** A URN: the DfE's unique reference number for an establishment, a positive whole number. */
export function urn(raw: string): number {
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (value <= 0) throw new ValueProblem(raw === '' ? 'is empty' : `‘${raw}’ is not a URN (a whole number)`);
  return value;
}

/** Text that must be there. */
export function requiredText(raw: string): string {
  if (raw.trim() === '') throw new ValueProblem('is empty');
  return raw;
}
