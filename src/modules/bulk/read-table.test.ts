import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Packed,
  packRepeated,
  sheetHead,
  sheetRowsXml,
  sheetTail,
  workbookOf,
} from '../../../test/support/zip.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { readTable } from './read-table.ts';

/** The problems a refused read reports (fails if it was not refused). */
async function refusal(read: Promise<unknown>): Promise<RowProblem[]> {
  try {
    await read;
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.problems;
    throw error;
  }
  throw new Error('the file was read, not refused');
}

/** The most the process's memory grew while `work` ran (sampled), in MB. */
async function peakGrowthMb(work: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - before) / (1024 * 1024);
}

const header = ['Hub', 'Year', 'NCP', 'Reference', 'Kind', 'Title'];
const row =
  '<row><c t="inlineStr"><is><t>example-maths-hub</t></is></c><c t="inlineStr"><is><t>2023/24</t></is></c></row>';

describe('reading an uploaded spreadsheet within limits', () => {
  // A sheet that unpacks to 1.2 GB, packed to about a megabyte: the “spreadsheet as a weapon”.
  let bomb: Packed;
  beforeAll(async () => {
    bomb = await packRepeated(sheetHead, row, 1200 * 1024 * 1024, sheetTail);
    expect(bomb.packed.length).toBeLessThan(10 * 1024 * 1024);
  }, 120_000);

  it('refuses at once a workbook that unpacks to 1.2 GB, with a clear message, in bounded memory', async () => {
    const file = workbookOf(bomb);
    let problems: RowProblem[] = [];
    const started = performance.now();
    const grew = await peakGrowthMb(async () => {
      problems = await refusal(readTable('delivery.xlsx', file));
    });
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/unpacks to more than 100 MB/) }]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(grew).toBeLessThan(150);
  });

  it('refuses a bomb whose table of contents lies about its size, stopping as it unpacks', async () => {
    // Declared 40 KB, unpacks to 1.2 GB: only what was declared is ever unpacked.
    const file = workbookOf(bomb, { declaredSize: 40 * 1024 });
    let problems: RowProblem[] = [];
    const started = performance.now();
    const grew = await peakGrowthMb(async () => {
      problems = await refusal(readTable('delivery.xlsx', file));
    });
    expect(problems[0]!.message).toMatch(/unpacks to more than its own table of contents says/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(grew).toBeLessThan(150);
  });

  it('refuses five bombs at once in bounded memory', async () => {
    const files = [
      workbookOf(bomb),
      workbookOf(bomb, { declaredSize: 40 * 1024 }),
      workbookOf(bomb, { declaredSize: 90 * 1024 * 1024 }),
      workbookOf(bomb),
      workbookOf(bomb, { declaredSize: 1024 }),
    ];
    let outcomes: RowProblem[][] = [];
    const grew = await peakGrowthMb(async () => {
      outcomes = await Promise.all(files.map((f) => refusal(readTable('delivery.xlsx', f))));
    });
    expect(outcomes.map((p) => p.length)).toEqual([1, 1, 1, 1, 1]);
    expect(grew).toBeLessThan(250);
  });

  it('refuses a workbook with a part hidden from its table of contents', async () => {
    const hidden = { name: 'xl/worksheets/sheet2.xml', data: bomb, hidden: true };
    const problems = await refusal(
      readTable('delivery.xlsx', workbookOf(`${sheetHead}${sheetTail}`, { hidden: [hidden] })),
    );
    expect(problems).toEqual([
      { line: 1, message: 'the file is not an Excel workbook (.xlsx) that can be read' },
    ]);
  });

  it('refuses a workbook with more than 100,000 rows at the first row over, saying so', async () => {
    const rows = Array.from({ length: 100_002 }, (_, i) => (i === 0 ? header : [`hub-${i}`, '2023/24']));
    const problems = await refusal(
      readTable('big.xlsx', workbookOf(sheetHead + sheetRowsXml(rows) + sheetTail)),
    );
    expect(problems).toEqual([
      {
        line: 100_002,
        message:
          'the file has more than 100,000 rows, the most that can be imported at once: split it into smaller files',
      },
    ]);
  }, 60_000);

  it('refuses too many rows in a CSV file too, and too many columns', async () => {
    const csv = `${header.join(',')}\n${'example-maths-hub,2023/24\n'.repeat(100_001)}`;
    const rows = await refusal(readTable('big.csv', Buffer.from(csv)));
    expect(rows).toEqual([{ line: 100_002, message: expect.stringMatching(/more than 100,000 rows/) }]);
    const wide = `${header.join(',')}\n${Array.from({ length: 60 }, () => 'x').join(',')}\n`;
    expect(await refusal(readTable('wide.csv', Buffer.from(wide)))).toEqual([
      { line: 2, message: 'the row has 60 columns, more than the 50 a file may have' },
    ]);
    const far = workbookOf(
      `${sheetHead}<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>${sheetTail}`,
    );
    expect((await refusal(readTable('far.xlsx', far)))[0]!.message).toMatch(/as far right as column 16,384/);
  });

  it('still reads an ordinary workbook: hand-made without shared text, and one saved by a spreadsheet program', async () => {
    const plain = workbookOf(
      sheetHead + sheetRowsXml([header, ['example-maths-hub', '2023/24', 'NCP23-09']]) + sheetTail,
    );
    const table = await readTable('plain.xlsx', plain);
    expect(table.columns).toEqual(['hub', 'year', 'ncp', 'reference', 'kind', 'title']);
    expect(table.rows).toEqual([{ line: 2, cells: ['example-maths-hub', '2023/24', 'NCP23-09'] }]);

    const book = new ExcelJS.Workbook();
    book.addWorksheet('Notes').addRow(['not this one']);
    const sheet = book.addWorksheet('Delivery');
    sheet.addRow(['Hub', 'Start date', 'Title']);
    sheet.addRow([
      'example-maths-hub',
      new Date(Date.UTC(2024, 0, 8)),
      { richText: [{ text: 'Rich ' }, { text: 'title' }] },
    ]);
    book.removeWorksheet(book.getWorksheet('Notes')!.id);
    const saved = await readTable('saved.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(saved.rows).toEqual([{ line: 2, cells: ['example-maths-hub', '2024-01-08', 'Rich title'] }]);
  });

  it('reads a workbook’s _xHHHH_ escapes as the characters they stand for, and _x005F_ as an underscore', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.addRow(['name', 'note']);
    sheet.addRow(['Ada_x000D_Lovelace', 'kept_x005F_x0000_literally']);
    const table = await readTable('people.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect(table.rows[0]?.cells).toEqual(['Ada\rLovelace', 'kept_x0000_literally']);
  });
});
