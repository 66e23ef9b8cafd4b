import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { unstorableLines } from '../../platform/text.ts';
import { projectRoot } from '../../platform/views.ts';

export interface BankHolidayRow {
  date: string;
  title: string;
}

/** The calendar the platform ships: GOV.UK's England and Wales bank holidays 2018–2027. */
export const shippedBankHolidaysFile = path.join(projectRoot, 'reference/bank-holidays.csv');

function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const date = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

/**
 * Reads a `date,title` CSV (a `notes` column is allowed and ignored). Every bad line is reported with
 * its number; one bad line rejects the whole file.
 */
export function parseBankHolidayCsv(text: string): BankHolidayRow[] {
  const unstorable = unstorableLines(text);
  if (unstorable.length) throw new ImportRejectedError(unstorable);
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ImportRejectedError([
      { line: 1, message: `The file is not valid CSV: ${(error as Error).message}` },
    ]);
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((h) => h.toLowerCase());
  const twice = [...new Set(names.filter((name, i) => name && names.indexOf(name) !== i))];
  if (twice.length)
    throw new ImportRejectedError(
      twice.map((name) => ({ line: 1, message: `The header has the ${name} column twice: keep one` })),
    );
  const dateAt = names.indexOf('date');
  const titleAt = names.indexOf('title');
  if (dateAt < 0 || titleAt < 0) {
    throw new ImportRejectedError([{ line: 1, message: 'The header must have date and title columns' }]);
  }
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const out: BankHolidayRow[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const date = row[dateAt] ?? '';
    const title = row[titleAt] ?? '';
    if (!isRealDate(date))
      problems.push({ line, message: `The date "${date}" is not a date like 2024-12-25` });
    else if (!title) problems.push({ line, message: 'The title is empty' });
    else if (seen.has(date)) problems.push({ line, message: `${date} appears twice` });
    else {
      seen.add(date);
      out.push({ date, title: title.slice(0, 200) });
    }
  });
  if (problems.length) throw new ImportRejectedError(problems);
  return out;
}

export const readShippedBankHolidays = () =>
  parseBankHolidayCsv(readFileSync(shippedBankHolidaysFile, 'utf8'));
