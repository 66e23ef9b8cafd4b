import zlib from 'node:zlib';

/**
 * Zip files written by hand, to craft Excel workbooks for tests: ordinary ones, and “zip bombs” (a part
 * packed from gigabytes, declared honestly or with a lying size), or with a part hidden from the
 * table of contents.
 */

/** A part already packed (deflate), with the size it unpacks to. */
export interface Packed {
  packed: Buffer;
  size: number;
  crc: number;
}

export interface ZipPart {
  name: string;
  /** Text or bytes to pack, or a part already packed. */
  data: string | Buffer | Packed;
  /** The unpacked size written in the headers, if not the true one (a lie). */
  declaredSize?: number;
  /** Left out of the central directory (a hidden part a streaming reader would still unpack). */
  hidden?: boolean;
}

export function pack(data: string | Buffer): Packed {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { packed: zlib.deflateRawSync(bytes), size: bytes.length, crc: zlib.crc32(bytes) };
}

/** `head`, then `repeated` over and over to `size` bytes in all, then `tail`, packed as a stream. */
export async function packRepeated(
  head: string,
  repeated: string,
  size: number,
  tail: string,
): Promise<Packed> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const unit = Buffer.from(repeated);
  const chunk = Buffer.alloc(Math.floor((1024 * 1024) / unit.length) * unit.length);
  for (let i = 0; i < chunk.length; i += unit.length) unit.copy(chunk, i);
  let crc = zlib.crc32(head);
  let written = Buffer.byteLength(head) + Buffer.byteLength(tail);
  deflate.write(head);
  while (written < size) {
    const part = written + chunk.length <= size ? chunk : chunk.subarray(0, size - written);
    written += part.length;
    crc = zlib.crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end(tail);
  await done;
  return { packed: Buffer.concat(out), size: written, crc: zlib.crc32(tail, crc) };
}

export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const part of parts) {
    const p = typeof part.data === 'object' && 'packed' in part.data ? part.data : pack(part.data);
    const name = Buffer.from(part.name);
    const size = part.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, p.packed);
    if (!part.hidden) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(p.crc, 16);
      central.writeUInt32LE(p.packed.length, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
      count++;
    }
    offset += 30 + name.length + p.packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${main}"><sheetData>`;
export const sheetTail = '</sheetData></worksheet>';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const columnName = (n: number): string =>
  n <= 26
    ? String.fromCharCode(64 + n)
    : columnName(Math.floor((n - 1) / 26)) + columnName(((n - 1) % 26) + 1);

/** A sheet's rows as XML with text written in the cells (no shared text). */
export function sheetRowsXml(rows: string[][], firstRow = 1): string {
  return rows
    .map((cells, i) => {
      const r = firstRow + i;
      const cs = cells
        .map((v, c) => `<c r="${columnName(c + 1)}${r}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`)
        .join('');
      return `<row r="${r}">${cs}</row>`;
    })
    .join('');
}

/** A workbook with one sheet, whose XML is given (plain or packed, a bomb). */
export function workbookOf(
  sheet: string | Packed,
  options: { declaredSize?: number; hidden?: ZipPart[] } = {},
) {
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    ...(options.hidden ?? []),
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: options.declaredSize },
  ]);
}
