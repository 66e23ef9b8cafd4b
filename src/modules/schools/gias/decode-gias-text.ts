import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { ImportRejectedError, type RowProblem } from '../../../platform/errors.ts';

const downloadAgain =
  'GIAS publishes its files in Windows-1252: download the file from GIAS again and upload it as it is, without opening and saving it in another program';

/** The characters Windows-1252 puts at bytes 0x80 to 0x9F (where it differs from Latin-1). */
const windows1252High = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'win1252');
const undefinedInWindows1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** The line number of each byte offset that matches, once per line: for saying where a problem is. */
function linesWhere(bytes: Buffer, matches: (byte: number) => boolean): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 10) line++;
    else if (matches(byte) && lines[lines.length - 1] !== line) lines.push(line);
  }
  return lines;
}

/** The non-ASCII characters of one line of a UTF-8 file, to show a person what was mis-encoded. */
function nonAsciiOnLine(textLines: string[], line: number): string {
  const found = [...new Set((textLines[line - 1] ?? '').match(/[^\p{ASCII}]/gu) ?? [])];
  return found.map((c) => `‘${c}’`).join(', ');
}

/**
 * The text of a GIAS file, which the DfE publishes in Windows-1252. Rejects, with the lines concerned,
 * files that are evidently something else: UTF-16 (NUL bytes), UTF-8 (a byte order mark, or non-ASCII
 * characters that are valid UTF-8, as when a spreadsheet re-saves the file), or bytes Windows-1252 does
 * not define. An ASCII-only file reads the same in any of these, so it is accepted.
 */
/** Whether NUL bytes are in the file because it is UTF-16 (about every other byte of ASCII text). */
function isMostlyUtf16(buffer: Buffer): boolean {
  const sample = buffer.subarray(0, 4096);
  let nuls = 0;
  for (const byte of sample) if (byte === 0) nuls++;
  return nuls > sample.length / 4;
}

export function decodeGiasText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) throw new ImportRejectedError([{ line: 1, message: 'the file is empty' }]);
  const utf16Mark = (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);
  if (utf16Mark || (buffer.includes(0) && isMostlyUtf16(buffer))) {
    throw new ImportRejectedError([
      { line: 1, message: `the file is in UTF-16, not Windows-1252. ${downloadAgain}` },
    ]);
  }
  if (buffer.includes(0)) {
    // A stray NUL (PostgreSQL cannot store one) in a file that is otherwise text: say where.
    throw new ImportRejectedError(
      linesWhere(buffer, (byte) => byte === 0)
        .slice(0, 20)
        .map((line) => ({
          line,
          message:
            'the line contains a NUL character (U+0000), which cannot be stored: remove it and try again',
        })),
    );
  }
  const problems: RowProblem[] = [];
  const hasUtf8Mark = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  if (hasUtf8Mark) {
    problems.push({
      line: 1,
      message: `the file starts with a UTF-8 byte order mark: it has been saved as UTF-8. ${downloadAgain}`,
    });
  }
  if (!hasUtf8Mark && isAscii(buffer)) return buffer.toString('latin1');
  if (isUtf8(buffer)) {
    const textLines = buffer
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    for (const line of linesWhere(buffer.subarray(hasUtf8Mark ? 3 : 0), (byte) => byte >= 0xc0)) {
      problems.push({
        line,
        message: `has characters encoded as UTF-8 (${nonAsciiOnLine(textLines, line)}), not Windows-1252`,
      });
    }
  }
  if (problems.length > 0) throw new ImportRejectedError(problems);
  if ([...undefinedInWindows1252].some((byte) => buffer.includes(byte))) {
    for (const line of linesWhere(buffer, (byte) => undefinedInWindows1252.has(byte))) {
      problems.push({
        line,
        message: 'has a byte that is not a Windows-1252 character: the file is not in Windows-1252',
      });
    }
    throw new ImportRejectedError(problems);
  }
  // Latin-1 and Windows-1252 differ only at 0x80 to 0x9F: decode as Latin-1 (fast) and fix those.
  const latin1 = buffer.toString('latin1');
  return /[\x80-\x9f]/.test(latin1)
    ? latin1.replace(/[\x80-\x9f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80]!)
    : latin1;
}
