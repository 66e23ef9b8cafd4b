import type { FastifyReply } from 'fastify';

/** A column of a table given out: its header and how a row's cell is read. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * The one writer of every CSV and Excel file the platform gives out (downloads and the command line's
 * `--format csv`). Text a spreadsheet would run as a formula (starting =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, so it is shown as the text it is; numbers stay numbers.
 */
export function defuseCell<V>(value: V): V | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV cell: defused, then quoted if it holds a comma, a quote or a line end. */
export function csvCell(value: unknown): string {
  const defused = defuseCell(value instanceof Date ? value.toISOString() : value);
  const text = defused === null || defused === undefined ? '' : String(defused);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF, as RFC 4180 and Excel have it). */
export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** Rows as CSV text under their column headers. */
export function csvText<T>(rows: T[], columns: Column<T>[]): string {
  return [
    csvLine(columns.map((c) => c.header)),
    ...rows.map((row) => csvLine(columns.map((c) => c.value(row)))),
  ].join('');
}

export type ExportFormat = 'csv' | 'xlsx';
export const exportFormats: ExportFormat[] = ['csv', 'xlsx'];

/** One sheet of a workbook: a title and the rows under their column headers. */
export interface Sheet<T> {
  name: string;
  columns: Column<T>[];
  rows: T[];
}

/**
 * An Excel workbook (one sheet per table) with bold headers, frozen header rows and sensible widths.
 * Values that look like formulas are written as text, so that a spreadsheet never runs them.
 */
// biome-ignore lint/suspicious/noExplicitAny: a workbook's sheets hold rows of different types.
export async function workbook(sheets: Sheet<any>[]): Promise<Buffer> {
  // Loaded when first needed: the server's memory holds it only once someone downloads a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Maths Hubs Platform';
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name.slice(0, 31).replace(/[[\]*?/\\:]/g, ' '));
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      key: c.header,
      width: Math.min(Math.max(c.header.length + 2, 12), 60),
    }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of sheet.rows) {
      ws.addRow(sheet.columns.map((c) => defuseCell(c.value(row) ?? null)));
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Sends a list as a CSV or Excel download. */
export async function sendTable<T>(
  reply: FastifyReply,
  format: ExportFormat,
  fileName: string,
  sheet: Sheet<T>,
): Promise<FastifyReply> {
  if (format === 'csv') {
    return reply
      .header('content-disposition', `attachment; filename="${fileName}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(`\ufeff${csvText(sheet.rows, sheet.columns)}`);
  }
  const body = await workbook([sheet]);
  return reply
    .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(body);
}
