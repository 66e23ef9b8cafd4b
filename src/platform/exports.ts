import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { type Column, formatRows } from './cli-output.ts';

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
      ws.addRow(sheet.columns.map((c) => c.value(row) ?? null));
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Neutralises spreadsheet formulas in CSV cells (=, +, -, @ at the start) with a leading apostrophe. */
const safeCell = (value: unknown) =>
  typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

/** Sends a list as a CSV or Excel download. */
export async function sendTable<T>(
  reply: FastifyReply,
  format: ExportFormat,
  fileName: string,
  sheet: Sheet<T>,
): Promise<FastifyReply> {
  const safeColumns = sheet.columns.map((c) => ({
    header: c.header,
    value: (row: T) => safeCell(c.value(row)) as ReturnType<typeof c.value>,
  }));
  if (format === 'csv') {
    return reply
      .header('content-disposition', `attachment; filename="${fileName}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(`\ufeff${formatRows(sheet.rows, safeColumns, 'csv')}`);
  }
  const body = await workbook([{ ...sheet, columns: safeColumns }]);
  return reply
    .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(body);
}
