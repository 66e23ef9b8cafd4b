import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { unstorableLines } from '../../platform/text.ts';

/** One data row of an imported CSV file: its line in the file and its cells by column name. */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

export interface CsvLayout {
  /** Columns every file must have. */
  required: readonly string[];
  /** Columns the import reads when they are present. */
  optional: readonly string[];
  /** Columns for people reading the file (and in our exports) that the import does not read. */
  ignored: readonly string[];
}

export interface CsvFile {
  rows: CsvRow[];
  /** The columns the file has, by their normalised names. */
  columns: Set<string>;
}

const normalise = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads a UTF-8 CSV file (with or without a byte-order mark, CRLF or LF line ends) and checks its
 * header against the layout: a missing or unknown column rejects the file at line 1.
 */
export function readCsv(text: string, layout: CsvLayout): CsvFile {
  const badByte = text.indexOf('\uFFFD');
  if (badByte >= 0) {
    const line = text.slice(0, badByte).split('\n').length;
    throw new ImportRejectedError([
      { line, message: 'The file is not UTF-8 text: save it as "CSV UTF-8" and try again' },
    ]);
  }
  const unstorable = unstorableLines(text);
  if (unstorable.length) throw new ImportRejectedError(unstorable);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new ImportRejectedError([
      { line, message: `The file is not valid CSV: ${(error as Error).message}` },
    ]);
  }
  const [header, ...data] = records;
  if (!header) throw new ImportRejectedError([{ line: 1, message: 'The file is empty' }]);
  const names = header.record.map(normalise);
  const known = new Set([...layout.required, ...layout.optional, ...layout.ignored]);
  const problems: RowProblem[] = [];
  for (const column of layout.required) {
    if (!names.includes(column)) problems.push({ line: 1, message: `The header has no ${column} column` });
  }
  for (const name of names) {
    if (name && !known.has(name))
      problems.push({ line: 1, message: `The header has an unknown column: ${name}` });
  }
  const repeated = names.filter((name, i) => name && names.indexOf(name) !== i);
  for (const name of new Set(repeated)) problems.push({ line: 1, message: `The header has ${name} twice` });
  if (problems.length) throw new ImportRejectedError(problems);
  if (!data.length)
    throw new ImportRejectedError([{ line: 2, message: 'The file has a header but no rows' }]);

  const rows = data.map(({ record, info }) => {
    // csv-parse counts lines to the end of a record; a quoted cell may span several lines.
    const extraLines = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const cells: Record<string, string> = {};
    names.forEach((name, i) => {
      // Our CSV downloads defuse formulas with a leading apostrophe ('+44…): read such a cell as it was.
      if (name) cells[name] = (record[i] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    });
    return { line: info.lines - extraLines, cells };
  });
  return { rows, columns: new Set(names.filter(Boolean)) };
}

/** The problems Zod found with one row, one per column, named as the file names them. */
export function rowProblems(line: number, error: z.ZodError): RowProblem[] {
  const seen = new Set<string>();
  const problems: RowProblem[] = [];
  for (const issue of error.issues) {
    const column = String(issue.path[0] ?? 'row');
    if (seen.has(column)) continue;
    seen.add(column);
    problems.push({ line, message: `${column}: ${issue.message}` });
  }
  return problems;
}

/** Validates every row with the schema: the valid rows, and the problems of the others. */
export function validateRows<S extends z.ZodType>(
  rows: CsvRow[],
  schema: S,
): { valid: { line: number; value: z.output<S> }[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const valid: { line: number; value: z.output<S> }[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row.cells);
    if (result.success) valid.push({ line: row.line, value: result.data });
    else problems.push(...rowProblems(row.line, result.error));
  }
  return { valid, problems };
}

/** A problem for each row whose key an earlier row already has (the first one stands). */
export function duplicateProblems<T>(
  rows: { line: number; value: T }[],
  key: (value: T) => string,
  column: string,
): RowProblem[] {
  const firstLine = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const k = key(row.value);
    const first = firstLine.get(k);
    if (first === undefined) firstLine.set(k, row.line);
    else problems.push({ line: row.line, message: `${column}: ${k} is already on line ${first}` });
  }
  return problems;
}

/** A value that may be left empty: an empty or missing value becomes null. */
export const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;

/** Rejects the whole file, listing every problem in line order, if there is any. */
export function rejectIfAny(problems: RowProblem[]): void {
  if (problems.length) throw new ImportRejectedError([...problems].sort((a, b) => a.line - b.line));
}
