import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatRows } from './cli-output.ts';
import { csvCell, defuseCell, workbook } from './exports.ts';

describe('the one CSV and Excel writer', () => {
  it('defuses text a spreadsheet would run as a formula, and leaves numbers as numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(defuseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(defuseCell(-5)).toBe(-5);
    expect(defuseCell('Leeds')).toBe('Leeds');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-1.5)).toBe('-1.5');
  });

  it('is what the command line’s CSV output uses (the table and JSON outputs are not spreadsheets)', () => {
    const rows = [{ name: '=cmd()', n: -3 }];
    const columns = [
      { header: 'name', value: (r: (typeof rows)[0]) => r.name },
      { header: 'n', value: (r: (typeof rows)[0]) => r.n },
    ];
    expect(formatRows(rows, columns, 'csv')).toBe("name,n\r\n'=cmd(),-3\r\n");
    expect(formatRows(rows, columns, 'table')).toContain('=cmd()');
  });

  it('writes text cells of a workbook defused, and numbers as numbers', async () => {
    const bytes = await workbook([
      {
        name: 'Sheet',
        columns: [{ header: 'a', value: (r: { a: string | number }) => r.a }],
        rows: [{ a: '@x' }, { a: -2 }],
      },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A2').value).toBe("'@x");
    expect(sheet.getCell('A3').value).toBe(-2);
  });
});
