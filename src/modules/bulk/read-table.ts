import { isUtf8 } from 'node:buffer';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { unstorableCharacter, unstorableLines } from '../../platform/text.ts';
import { type ImportLimits, importLimits, importSlots } from '../../platform/upload-limits.ts';
import { guardedWorkbook } from '../../platform/xlsx-guard.ts';
import { csvRecords } from '../schools/gias/csv-records.ts';

/** One row of a spreadsheet: the line (CSV) or row number (Excel) it is on, and its cells by column. */
export interface TableRow {
  line: number;
  cells: string[];
}

/** A spreadsheet read as text: the header (normalised names) and the rows below it. */
export interface Table {
  /** The header's names, normalised: lower case, letters and digits only (‘School URN’ → ‘schoolurn’). */
  columns: string[];
  headerLine: number;
  rows: TableRow[];
}

export const normaliseHeader = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const isXlsx = (fileName: string, bytes: Uint8Array) =>
  /\.xlsx$/i.test(fileName) ||
  (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** The text of a CSV file: UTF-8 with or without a byte order mark, or else Windows-1252 (Excel's “CSV”). */
export function decodeCsvText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    throw new ImportRejectedError([
      {
        line: 1,
        message: 'the file is in UTF-16: save it as “CSV UTF-8 (comma delimited)” or as an Excel workbook',
      },
    ]);
  }
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  return isUtf8(buffer) ? buffer.toString('utf8') : iconv.decode(buffer, 'win1252');
}

const n = (value: number) => value.toLocaleString('en-GB');

/**
 * Keeps a file's rows within the limits as they are read: refused at the first row over one, saying
 * which (docs/imports/delivery.md). Blank rows are skipped; the first row left is the header.
 */
class TableBuilder {
  header: TableRow | null = null;
  readonly rows: TableRow[] = [];
  #cells = 0;
  private readonly limits: ImportLimits;
  constructor(limits: ImportLimits) {
    this.limits = limits;
  }

  add(row: TableRow): void {
    const { limits } = this;
    let last = row.cells.length;
    while (last > 0 && row.cells[last - 1]!.trim() === '') last--;
    if (last === 0) return;
    if (last > limits.columns) {
      refuse(row.line, `the row has ${n(last)} columns, more than the ${n(limits.columns)} a file may have`);
    }
    this.#cells += last;
    if (!this.header) {
      this.header = row;
      return;
    }
    if (this.rows.length >= limits.rows) {
      refuse(
        row.line,
        `the file has more than ${n(limits.rows)} rows, the most that can be imported at once: split it into smaller files`,
      );
    }
    if (this.#cells > limits.cells) {
      refuse(
        row.line,
        `the file has more than ${n(limits.cells)} cells, the most that can be imported at once: split it into smaller files`,
      );
    }
    this.rows.push(row);
  }
}

const refuse = (line: number, message: string): never => {
  throw new ImportRejectedError([{ line, message }]);
};

function fromRecords(records: Iterable<TableRow>, problems: RowProblem[], limits: ImportLimits): Table {
  const table = new TableBuilder(limits);
  for (const row of records) table.add(row);
  return tableOf(table, problems);
}

function tableOf({ header, rows }: TableBuilder, problems: RowProblem[]): Table {
  if (problems.length > 0) throw new ImportRejectedError(problems);
  if (!header)
    throw new ImportRejectedError([{ line: 1, message: 'the file is empty: it has no header row' }]);
  const columns = header.cells.map(normaliseHeader);
  // A column twice would be read as the first of them, silently: refuse it.
  const twice = header.cells.filter((_name, i) => columns[i] && columns.indexOf(columns[i]!) !== i);
  if (twice.length > 0)
    throw new ImportRejectedError(
      twice.map((name) => ({
        line: header.line,
        message: `the column ‘${name.trim()}’ appears twice in the header (as the same column): keep one`,
      })),
    );
  return { columns, headerLine: header.line, rows };
}

export function readCsv(text: string, limits: ImportLimits = importLimits): Table {
  const unstorable = unstorableLines(text);
  if (unstorable.length > 0) throw new ImportRejectedError(unstorable);
  const problems: RowProblem[] = [];
  function* records(): Generator<TableRow> {
    for (const record of csvRecords(text, problems)) {
      const cells = new Array<string>(record.length);
      for (let i = 0; i < record.length; i++) cells[i] = record.field(i);
      yield { line: record.line, cells };
    }
  }
  return fromRecords(records(), problems, limits);
}

/**
 * A workbook's text with its `_xHHHH_` escapes read (OOXML keeps characters XML cannot hold, such as a
 * NUL, that way, and `_x005F_` for an underscore); exceljs's streaming reader leaves them as written.
 */
const unescapeXstring = (text: string) =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
    : text;

/** A cell of a worksheet as the text a person sees: dates as ISO dates, links by their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeXstring(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return unescapeXstring(value.richText.map((r) => r.text).join(''));
    if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * The first sheet of a workbook, read as a stream: the workbook is checked first (xlsx-guard.ts) and
 * refused, before anything is unpacked, if it would unpack to more than the limit; its rows are
 * refused at the first one over the limits of rows, columns and cells.
 */
export async function readXlsx(bytes: Uint8Array, limits: ImportLimits = importLimits): Promise<Table> {
  const input = await guardedWorkbook(bytes, limits);
  const { default: Excel } = await import('exceljs');
  const book = new Excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const table = new TableBuilder(limits);
  const problems: RowProblem[] = [];
  try {
    let seen = 0;
    let line = 0;
    for await (const sheet of book) {
      for await (const row of sheet) {
        // A row written without its number (some programs leave it out) follows the one before.
        line = Number.isFinite(row.number) ? row.number : line + 1;
        // Blank rows and cells far to the right cost time to read even when empty: they are counted too.
        if (++seen > 2 * limits.rows) {
          refuse(
            line,
            `the sheet has more than ${n(2 * limits.rows)} rows, blank or not: the most that can be imported at once is ${n(limits.rows)} rows; split it into smaller files`,
          );
        }
        if (row.cellCount > 20 * limits.columns) {
          refuse(
            line,
            `the row has cells as far right as column ${n(row.cellCount)}: a file may have at most ${n(limits.columns)} columns`,
          );
        }
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) {
          const text = cellText(row.getCell(c).value);
          const character = unstorableCharacter(text);
          if (character && problems.length < 20)
            problems.push({
              line,
              message: `the cell in column ${c} contains ${character}, which cannot be stored: remove it and try again`,
            });
          cells.push(text);
        }
        table.add({ line, cells });
      }
    }
  } catch (error) {
    if (error instanceof ImportRejectedError) throw error;
    throw new ImportRejectedError([
      { line: 1, message: 'the file is not an Excel workbook (.xlsx) that can be read' },
    ]);
  }
  return tableOf(table, problems);
}

/** Reads a CSV file or the first sheet of an Excel workbook into rows with their line numbers. */
export async function readTable(
  fileName: string,
  bytes: Uint8Array,
  limits: ImportLimits = importLimits,
): Promise<Table> {
  if (bytes.length === 0) throw new ImportRejectedError([{ line: 1, message: 'the file is empty' }]);
  // A few files are read at once across the process; others wait their turn, or are told to try later.
  return importSlots.run(async () =>
    isXlsx(fileName, bytes) ? readXlsx(bytes, limits) : readCsv(decodeCsvText(bytes), limits),
  );
}
