import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ImportRejectedError } from './errors.ts';
import { type ImportLimits, importLimits, megabytes } from './upload-limits.ts';

/**
 * An Excel workbook (.xlsx, a zip of XML files) checked before anything is unpacked, so a “zip bomb”
 * (a small file that unpacks to gigabytes) is refused at once:
 *
 * 1. its central directory (the zip's table of contents) is read: how many files, their declared
 *    sizes and compression ratios, and that the files lie end to end with nothing hidden between;
 * 2. only the parts a reader needs are kept (the workbook, its relationships, shared text, styles and
 *    the first sheet), each unpacked once as a stream and counted, stopping at the limit: declared
 *    sizes can lie;
 * 3. those parts are handed on as a small zip stream of their own (packed as they were) for the
 *    streaming reader, which then unpacks no more than was counted.
 */

const refuse = (message: string): never => {
  throw new ImportRejectedError([{ line: 1, message }]);
};
const unreadable = () => refuse('the file is not an Excel workbook (.xlsx) that can be read');

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  packed: number;
  unpacked: number;
  headerAt: number;
  dataAt: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

function centralDirectory(bytes: Buffer, limits: ImportLimits): Entry[] {
  // The end record is in the last 22 bytes, or before a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) unreadable();
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  // Zip64 (over 65,535 files or 4 GB) is never an upload within the limits.
  if (count === 0xffff || offset === 0xffffffff) unreadable();
  if (count > limits.workbookEntries) {
    refuse(
      `the workbook holds ${count.toLocaleString('en-GB')} files inside it, more than the ${limits.workbookEntries.toLocaleString('en-GB')} allowed: save it again as a plain workbook or as CSV`,
    );
  }
  if (offset + size > end) unreadable();
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) unreadable();
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const headerAt = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      packed: bytes.readUInt32LE(at + 20),
      unpacked: bytes.readUInt32LE(at + 24),
      headerAt,
      dataAt: -1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  // The files lie end to end from the start to the directory: nothing a streaming reader would unpack
  // is left out of the directory's count.
  let expected = 0;
  for (const entry of [...entries].sort((a, b) => a.headerAt - b.headerAt)) {
    if (entry.headerAt !== expected || entry.headerAt + 30 > offset) unreadable();
    if (bytes.readUInt32LE(entry.headerAt) !== LOCAL) unreadable();
    entry.dataAt =
      entry.headerAt + 30 + bytes.readUInt16LE(entry.headerAt + 26) + bytes.readUInt16LE(entry.headerAt + 28);
    let next = entry.dataAt + entry.packed;
    if (entry.flags & 0x08) {
      // A data descriptor follows: 12 or 16 bytes (with its optional signature), 20 or 24 in zip64.
      const fits = [16, 12, 24, 20].find((length) => {
        const after = next + length;
        if (after > offset) return false;
        const signature = after === offset ? CENTRAL : LOCAL;
        return (
          bytes.readUInt32LE(after) === signature &&
          (length % 8 !== 0 || bytes.readUInt32LE(next) === DESCRIPTOR)
        );
      });
      if (fits === undefined) unreadable();
      next += fits!;
    }
    expected = next;
  }
  if (expected !== offset) unreadable();
  return entries;
}

/** How many bytes `packed` unpacks to, counted as a stream; null past `limit` (it stops there). */
function unpackedSize(entry: Entry, packed: Buffer, limit: number): Promise<number | null> {
  if (entry.method === 0) return Promise.resolve(packed.length <= limit ? packed.length : null);
  return new Promise((resolve) => {
    const inflate = zlib.createInflateRaw();
    let size = 0;
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        inflate.destroy();
        resolve(null);
      }
    });
    inflate.on('end', () => resolve(size));
    inflate.on('error', () => resolve(-1));
    inflate.end(packed);
  });
}

/** The first sheet's part, from the workbook's tab order and relationships (else the lowest-numbered). */
async function firstSheet(bytes: Buffer, byName: Map<string, Entry>): Promise<string | undefined> {
  const sheets = [...byName.keys()]
    .filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  const text = async (name: string) => {
    const entry = byName.get(name);
    if (!entry || entry.unpacked > 1024 * 1024) return '';
    const packed = bytes.subarray(entry.dataAt, entry.dataAt + entry.packed);
    if ((await unpackedSize(entry, packed, 1024 * 1024)) === null) return '';
    try {
      return entry.method === 0 ? packed.toString('utf8') : zlib.inflateRawSync(packed).toString('utf8');
    } catch {
      return '';
    }
  };
  const workbook = await text('xl/workbook.xml');
  const id = /<(?:\w+:)?sheet\b[^>]*?\s(?:\w+:)?id="([^"]+)"/.exec(workbook)?.[1];
  if (id) {
    const rels = await text('xl/_rels/workbook.xml.rels');
    for (const [relationship] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      if (/\bId="([^"]+)"/.exec(relationship)?.[1] !== id) continue;
      const target = /\bTarget="([^"]+)"/.exec(relationship)?.[1] ?? '';
      const name = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
      if (sheets.includes(name)) return name;
    }
  }
  return sheets[0];
}

/** A zip local file header for an entry, without a data descriptor: the sizes are known. */
function localHeader(entry: Entry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // names in UTF-8
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.packed, 18);
  header.writeUInt32LE(entry.unpacked, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name]);
}

const emptySharedStrings = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);

/**
 * Checks a workbook's bytes against the limits and returns a zip stream of just the parts to read:
 * relationships, workbook, shared text, styles, then the first sheet (in that order, so a streaming
 * reader needs no temporary files). Throws ImportRejectedError, with the reason, on a refusal.
 */
export async function guardedWorkbook(
  bytes: Uint8Array,
  limits: ImportLimits = importLimits,
): Promise<Readable> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buffer, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const sheet = await firstSheet(buffer, byName);
  if (!sheet) refuse('the workbook has no sheets');
  if (!byName.has('xl/_rels/workbook.xml.rels') || !byName.has('xl/workbook.xml')) unreadable();
  const wanted = [
    'xl/_rels/workbook.xml.rels',
    'xl/workbook.xml',
    'xl/sharedStrings.xml',
    'xl/styles.xml',
    sheet!,
  ]
    .map((name) => byName.get(name))
    .filter((e): e is Entry => e !== undefined);
  const tooBig = () =>
    refuse(
      `the workbook unpacks to more than ${megabytes(limits.workbookExpandedBytes)} when opened, the most that can be imported at once: split it into smaller files, or save it as CSV`,
    );
  // Declared sizes first: refused before anything is unpacked.
  const declared = wanted.reduce((sum, entry) => sum + entry.unpacked, 0);
  if (declared > limits.workbookExpandedBytes) tooBig();
  for (const entry of wanted) {
    if (entry.method !== 0 && entry.method !== 8) unreadable();
    if (entry.method === 0 && entry.packed !== entry.unpacked) unreadable();
    if (entry.unpacked > 1024 * 1024 && entry.unpacked > entry.packed * limits.compressionRatio) {
      refuse(
        `the workbook is packed more than ${limits.compressionRatio} times smaller than it unpacks to, which an ordinary spreadsheet never is: save it again in Excel, or as CSV`,
      );
    }
  }
  // Then as unpacked, counting: a part that unpacks to more than it declares is refused too.
  let total = 0;
  for (const entry of wanted) {
    const packed = buffer.subarray(entry.dataAt, entry.dataAt + entry.packed);
    const size = await unpackedSize(
      entry,
      packed,
      Math.min(entry.unpacked, limits.workbookExpandedBytes - total),
    );
    if (size === null) {
      refuse(
        'the workbook unpacks to more than its own table of contents says: it may be damaged or made to harm the service; save it again in Excel, or as CSV',
      );
    }
    if (size === -1 || size !== entry.unpacked) unreadable();
    total += size!;
  }
  const parts: Buffer[] = [];
  for (const entry of wanted) {
    if (entry.name === sheet && !byName.has('xl/sharedStrings.xml')) {
      // A workbook without text has no shared text: an empty one lets the sheet be read as it streams.
      const shared: Entry = {
        name: 'xl/sharedStrings.xml',
        method: 0,
        flags: 0,
        crc: zlib.crc32(emptySharedStrings),
        packed: emptySharedStrings.length,
        unpacked: emptySharedStrings.length,
        headerAt: 0,
        dataAt: 0,
      };
      parts.push(localHeader(shared), emptySharedStrings);
    }
    parts.push(localHeader(entry), buffer.subarray(entry.dataAt, entry.dataAt + entry.packed));
  }
  return Readable.from(parts);
}
