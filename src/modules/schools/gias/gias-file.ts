import { ImportRejectedError, type RowProblem } from '../../../platform/errors.ts';
import { unstorableLines } from '../../../platform/text.ts';
import { type CsvRecord, csvRecords } from './csv-records.ts';
import { ValueProblem } from './gias-values.ts';

/** One row of a GIAS file, read by column name. */
export interface GiasCells {
  /** The text of a column in this row; '' when the file has no such column. */
  raw(column: string): string;
  /** Whether the file has the column. */
  has(column: string): boolean;
  /** A column read with `read`; if it is not valid a problem is noted against the row and null returned. */
  value<T>(column: string, read: (raw: string) => T): T | null;
  /** Notes a problem with the row as a whole. */
  problem(message: string): void;
}

export interface GiasFileShape {
  /** What the file holds, for messages: 'establishments', 'links'. */
  contents: string;
  required: readonly string[];
  /** A column that identifies a different GIAS file, and what to say when it is there instead. */
  otherFile?: { column: string; message: string };
}

/** A GIAS CSV whose header has been read and checked, to be read row by row. */
export interface GiasFile<T> {
  /** The columns the file has: layouts differ between releases and extracts. */
  columns: ReadonlySet<string>;
  /** The lines after the header: the number of rows, unless fields span lines. */
  lineCount: number;
  /**
   * Reads the rows in batches of good rows. Every problem is collected with its line; after the last
   * batch, if there were any, throws ImportRejectedError with all of them.
   */
  batches(size: number): Generator<T[]>;
  /** Whether a problem has been found so far. */
  readonly hasProblems: boolean;
}

/**
 * Opens a GIAS CSV, mapping columns by the names in its header (GIAS adds and drops columns between
 * releases). Throws ImportRejectedError at once if the header lacks a required column.
 */
export function openGiasFile<T>(
  text: string,
  shape: GiasFileShape,
  readRow: (cells: GiasCells, line: number) => T,
): GiasFile<T> {
  const unstorable = unstorableLines(text);
  if (unstorable.length > 0) throw new ImportRejectedError(unstorable);
  const problems: RowProblem[] = [];
  const records = csvRecords(text, problems);
  const headerRecord = records.next();
  if (headerRecord.done) throw new ImportRejectedError([{ line: 1, message: 'the file is empty' }]);
  const header = headerRecord.value.fields();
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) problems.push({ line: 1, message: `the column ‘${name}’ appears twice` });
    index.set(name, i);
  });
  const missing = shape.required.filter((column) => !index.has(column));
  for (const column of missing) problems.push({ line: 1, message: `the column ‘${column}’ is missing` });
  if (missing.length > 0 && shape.otherFile && index.has(shape.otherFile.column)) {
    problems.push({ line: 1, message: shape.otherFile.message });
  }
  if (problems.length > 0) throw new ImportRejectedError(problems);

  let record: CsvRecord | null = null;
  let rowProblems: string[] = [];
  const cells: GiasCells = {
    raw: (column) => {
      const i = index.get(column);
      return i === undefined || record === null ? '' : record.field(i);
    },
    has: (column) => index.has(column),
    value: (column, read) => {
      try {
        return read(cells.raw(column));
      } catch (error) {
        if (!(error instanceof ValueProblem)) throw error;
        rowProblems.push(`${column} ${error.message}`);
        return null;
      }
    },
    problem: (message) => rowProblems.push(message),
  };

  return {
    columns: new Set(header),
    lineCount: countLines(text) - 1,
    get hasProblems() {
      return problems.length > 0;
    },
    *batches(size) {
      let batch: T[] = [];
      let rowsRead = 0;
      for (record of records) {
        if (record.length !== header.length) {
          problems.push({
            line: record.line,
            message: `has ${record.length} fields but the header has ${header.length}: check for a missing or extra comma or quote`,
          });
          continue;
        }
        rowProblems = [];
        const row = readRow(cells, record.line);
        rowsRead++;
        if (rowProblems.length > 0)
          for (const message of rowProblems) problems.push({ line: record.line, message });
        else if (batch.push(row) === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      if (rowsRead === 0 && problems.length === 0) {
        problems.push({ line: 2, message: `the file has a header but no ${shape.contents}` });
      }
      if (problems.length > 0) throw new ImportRejectedError(problems.sort((a, b) => a.line - b.line));
    },
  };
}

/** Every row of a GIAS file at once (files small enough to hold, and tests). */
export function allRows<T>(file: GiasFile<T>): T[] {
  const rows: T[] = [];
  for (const batch of file.batches(10_000)) rows.push(...batch);
  return rows;
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return text.endsWith('\n') ? lines : lines + 1;
}
