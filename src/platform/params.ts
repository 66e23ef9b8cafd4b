import { z } from 'zod';

/**
 * The values an address may carry, validated by each route's `params` and `querystring` schema before
 * its handler runs (and so before the database sees them). A path parameter that fails is "Page not
 * found" on a page and 400 in the API (app.ts's error handler); a well-formed value naming no record is
 * the handler's 404. Query parameters of pages usually fall back to a default (`.catch`) instead.
 */

/** The largest PostgreSQL `integer`: a larger number names no record (and the database would refuse it). */
export const INT32_MAX = 2_147_483_647;

const idMessage = `Expected a whole number from 1 to ${INT32_MAX}`;

/**
 * A record's id (or a school's URN): digits only, from 1 to 2,147,483,647. No sign, point, exponent,
 * space or leading zero. A number is accepted too, so that a handler may parse the validated params again.
 */
export const idParam = z.coerce
  .string()
  .regex(/^[1-9]\d{0,9}$/, idMessage)
  .transform(Number)
  .refine((n) => n <= INT32_MAX, idMessage);

/** A hub's slug: lower-case letters, digits and single hyphens (as hubs are given them). */
export const slugParam = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Expected a slug like north-west-one');

/**
 * The one reading of an academic year typed or in an address: `2023-24` or `2023/24` (also with an en
 * dash, spaces around the separator, or the second year in full, `2023/2024`), two consecutive years;
 * the records' form `2023/24`, or null for anything else (never another year in its place).
 */
export function parseAcademicYear(input: string | null | undefined): string | null {
  const match = /^\s*(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})\s*$/.exec(input ?? '');
  if (!match) return null;
  const start = Number(match[1]);
  const second = match[2]!;
  const consecutive =
    second.length === 4 ? Number(second) === start + 1 : Number(second) === (start + 1) % 100;
  if (!consecutive) return null;
  return `${match[1]}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * The items of the one year control (`platform/views/year-control.njk`): the years offered, newest first,
 * as `{ value: '2023-24', text: '2023/24' }`, with the year shown among them even when nothing is recorded
 * for it (a page for a year without records says so; its control still names it).
 */
export function yearControlItems(
  years: readonly string[],
  shown?: string,
): { value: string; text: string }[] {
  const all = shown && !years.includes(shown) ? [...years, shown] : [...years];
  return all
    .sort()
    .reverse()
    .map((y) => ({ value: y.replace('/', '-'), text: y }));
}

/**
 * An academic year in an address: `2023-24`, or `2023/24` as the records write it (both read by
 * `parseAcademicYear`). The handler turns it into `2023/24`.
 */
export const academicYearParam = z
  .string()
  .refine((y) => parseAcademicYear(y) !== null, 'Expected an academic year like 2023-24');

/** An academic year as the records write it: `2023/24` (accepted by a few API addresses as `2023%2F24`). */
export const academicYearCode = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'Expected an academic year like 2023/24')
  .refine(
    (y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)),
    'Expected an academic year like 2023/24',
  );

/** A local authority's three-digit code. */
export const laCodeParam = z.string().regex(/^\d{3}$/, 'Expected a three-digit local authority code');

/** An NCP's code: letters, digits, spaces and hyphens (NCP23-09, NCP 19-01, NCP23-07a). */
export const ncpCodeParam = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,39}$/, 'Expected an NCP code like NCP23-09');

/** A secret token in an address (a Connect link, a calendar feed): base64url or hex, 10 to 100 characters. */
export const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, 'Expected a token');

/** Characters PostgreSQL cannot keep in text (NUL), and other control characters no search needs. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what it finds
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Text typed into a search box and carried in the address: trimmed, at most `max` characters, no NUL. */
export const searchText = (max = 100) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .refine(
      (s) => !controlCharacters.test(s),
      'Remove the characters that are not letters, digits or punctuation',
    );

/** A page number of a list: from 1 to `max`; anything else is the first page. */
export const pageNumber = (max = 100_000) => z.coerce.number().int().min(1).max(max).catch(1);

/**
 * A hub chosen in a page's address (`?hub=slug`; empty or absent: none chosen). Anything that is not a
 * slug is as if none were chosen; a well-formed slug of no hub (or of another hub) is the page's 404.
 */
export const hubQuery = z
  .string()
  .trim()
  .max(60)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .catch(undefined);
