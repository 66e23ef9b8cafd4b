import { describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../platform/errors.ts';
import { parseBankHolidayCsv } from './bank-holiday-file.ts';

describe('reading a bank holiday file', () => {
  it('reads date,title rows (a notes column is ignored), with a byte-order mark and CRLF', () => {
    expect(
      parseBankHolidayCsv(
        '\ufeffdate,title,notes\r\n2031-06-02,A one-off day,\r\n2030-12-25,Christmas Day,x\r\n',
      ),
    ).toEqual([
      { date: '2031-06-02', title: 'A one-off day' },
      { date: '2030-12-25', title: 'Christmas Day' },
    ]);
  });

  it('reports every bad line with its number and reason, and rejects the whole file', () => {
    try {
      parseBankHolidayCsv(
        'date,title\n2031-13-02,Bad month\n2031-02-30,Bad day\n,No date\n2031-01-02,\n2031-01-03,Once\n2031-01-03,Twice\n',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as ImportRejectedError).problems).toEqual([
        { line: 2, message: 'The date "2031-13-02" is not a date like 2024-12-25' },
        { line: 3, message: 'The date "2031-02-30" is not a date like 2024-12-25' },
        { line: 4, message: 'The date "" is not a date like 2024-12-25' },
        { line: 5, message: 'The title is empty' },
        { line: 7, message: '2031-01-03 appears twice' },
      ]);
    }
    expect(() => parseBankHolidayCsv('day,name\n2031-01-01,x\n')).toThrow(ImportRejectedError);
  });
});
