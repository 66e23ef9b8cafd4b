import { describe, expect, it } from 'vitest';
import type { RowProblem } from '../../../platform/errors.ts';
import { csvRecords } from './csv-records.ts';

const read = (text: string) => {
  const problems: RowProblem[] = [];
  const records: { line: number; fields: string[] }[] = [];
  for (const r of csvRecords(text, problems)) records.push({ line: r.line, fields: r.fields() });
  return { records, problems };
};

describe('CSV records', () => {
  it('reads quoted and bare fields, doubled quotes and empty fields, with CRLF or LF', () => {
    const crlf = read('"URN","Name",Age\r\n100,"St Mary""s, Upper",7\r\n101,,\r\n');
    expect(crlf.records).toEqual([
      { line: 1, fields: ['URN', 'Name', 'Age'] },
      { line: 2, fields: ['100', 'St Mary"s, Upper', '7'] },
      { line: 3, fields: ['101', '', ''] },
    ]);
    expect(read('a,b\n1,2').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(crlf.problems).toEqual([]);
  });

  it('numbers records by the line they start on, across fields with line breaks and blank lines', () => {
    const { records } = read('a,b\r\n"1","two\r\nlines"\r\n\r\n3,4\r\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records[1]!.fields[1]).toBe('two\r\nlines');
  });

  it('reports an unclosed quote at the line the field starts', () => {
    const { records, problems } = read('a,b\r\n1,2\r\n3,"four\r\n5,6\r\n');
    expect(records).toHaveLength(2);
    expect(problems).toEqual([{ line: 3, message: expect.stringContaining('never closed') }]);
  });

  it('reports a stray quote and carries on at the next line', () => {
    const { records, problems } = read('a,b\r\n"1"x,2\r\n3,4\r\n"5" ,6\r\n7,8\r\n');
    expect(records.map((r) => r.fields[0])).toEqual(['a', '3', '7']);
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
    expect(problems[0]!.message).toBe(
      'field 1 is not quoted properly (‘x’ follows its closing quote): check for a missing quote, or a quote inside the field that is not doubled ("")',
    );
  });
});
