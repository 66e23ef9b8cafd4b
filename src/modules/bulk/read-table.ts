import { isUtf8 } from 'node:buffer';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { unstorableCharacter, unstorableLines } from '../../platform/text.ts';
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

function fromRecords(records: Iterable<TableRow>, problems: RowProblem[]): Table {
  let header: TableRow | null = null;
  const rows: TableRow[] = [];
  for (const row of records) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    if (!header) header = row;
    else rows.push(row);
  }
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

export function readCsv(text: string): Table {
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
  return fromRecords(records(), problems);
}

/** A cell of a worksheet as the text a person sees: dates as ISO dates, links by their text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export async function readXlsx(bytes: Uint8Array): Promise<Table> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new ImportRejectedError([
      { line: 1, message: 'the file is not an Excel workbook (.xlsx) that can be read' },
    ]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new ImportRejectedError([{ line: 1, message: 'the workbook has no sheets' }]);
  const rows: TableRow[] = [];
  const problems: RowProblem[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const text = cellText(row.getCell(c).value);
      const character = unstorableCharacter(text);
      if (character && problems.length < 20)
        problems.push({
          line: row.number,
          message: `the cell in column ${c} contains ${character}, which cannot be stored: remove it and try again`,
        });
      cells.push(text);
    }
    rows.push({ line: row.number, cells });
  });
  return fromRecords(rows, problems);
}

/** Reads a CSV file or the first sheet of an Excel workbook into rows with their line numbers. */
export async function readTable(fileName: string, bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) throw new ImportRejectedError([{ line: 1, message: 'the file is empty' }]);
  return isXlsx(fileName, bytes) ? readXlsx(bytes) : readCsv(decodeCsvText(bytes));
}
