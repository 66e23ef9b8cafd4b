import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ImportRejectedError } from '../../../platform/errors.ts';
import { decodeGiasText } from './decode-gias-text.ts';

const problemsOf = (bytes: Uint8Array) => {
  try {
    decodeGiasText(bytes);
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
};

const csv =
  'URN,EstablishmentName\r\n100000,"Oak School"\r\n138950,"St Thomas à Becket’s School"\r\n100001,"Café Primary"\r\n';

describe('reading a GIAS file’s encoding', () => {
  it('decodes Windows-1252, including the characters it places at 0x80 to 0x9F', () => {
    const bytes = iconv.encode(csv, 'win1252');
    expect(bytes.includes(0x92)).toBe(true);
    expect(decodeGiasText(bytes)).toBe(csv);
  });

  it('accepts a file that is plain ASCII', () => {
    expect(decodeGiasText(Buffer.from('URN\r\n100000\r\n'))).toBe('URN\r\n100000\r\n');
  });

  it('rejects UTF-8 with non-ASCII characters, naming each line and what is on it', () => {
    expect(problemsOf(Buffer.from(csv, 'utf8'))).toEqual([
      { line: 3, message: 'has characters encoded as UTF-8 (‘à’, ‘’’), not Windows-1252' },
      { line: 4, message: 'has characters encoded as UTF-8 (‘é’), not Windows-1252' },
    ]);
  });

  it('rejects a UTF-8 byte order mark, even when the rest is ASCII', () => {
    const problems = problemsOf(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('URN\r\n100000\r\n')]),
    );
    expect(problems).toEqual([{ line: 1, message: expect.stringContaining('UTF-8 byte order mark') }]);
  });

  it('rejects UTF-16, with or without a byte order mark', () => {
    const withMark = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]);
    expect(problemsOf(withMark)).toEqual([{ line: 1, message: expect.stringContaining('UTF-16') }]);
    expect(problemsOf(Buffer.from('URN\r\n1\r\n', 'utf16le'))[0]!.message).toContain('UTF-16');
  });

  it('rejects bytes that Windows-1252 does not define, and an empty file', () => {
    const bytes = Buffer.concat([Buffer.from('URN\r\n'), Buffer.from([0x31, 0x81, 0x0d, 0x0a])]);
    expect(problemsOf(bytes)).toEqual([
      { line: 2, message: expect.stringContaining('not a Windows-1252 character') },
    ]);
    expect(problemsOf(Buffer.alloc(0))).toEqual([{ line: 1, message: 'the file is empty' }]);
  });
});
