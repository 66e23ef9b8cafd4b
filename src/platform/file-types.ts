/**
 * The kinds of document people may upload as evidence or to share (PDF, Office, images, text), told by
 * their content, never by their name: a file whose first bytes are not one of these is refused, whatever
 * it is called. Files are served back with the type found here, as a download unless they are a PDF or
 * an image a browser shows safely (never SVG or HTML, which can run script).
 */
export interface FileType {
  /** The media type the file is served with. */
  contentType: string;
  /** What people call it ("PDF", "Word document"…). */
  name: string;
  /** Whether a browser may show it in the page (a PDF or a bitmap image); else it is downloaded. */
  inline: boolean;
}

const starts = (bytes: Buffer, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);
const lower = (name: string) => name.toLowerCase();

/** The Office Open XML kinds (a zip), told apart by their extension once the content is a zip. */
const openXml: Record<string, FileType> = {
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    name: 'Word document',
    inline: false,
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name: 'Excel workbook',
    inline: false,
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    name: 'PowerPoint presentation',
    inline: false,
  },
};

/** Older Office files (OLE compound documents). */
const oldOffice: Record<string, FileType> = {
  doc: { contentType: 'application/msword', name: 'Word document', inline: false },
  xls: { contentType: 'application/vnd.ms-excel', name: 'Excel workbook', inline: false },
  ppt: { contentType: 'application/vnd.ms-powerpoint', name: 'PowerPoint presentation', inline: false },
};

/** The types accepted, for a form's hint. */
export const acceptedFileTypesText =
  'a PDF, a Word, Excel or PowerPoint file, a PNG, JPEG, GIF or WebP image, or a text or CSV file';

/**
 * The type of a file from its content (and, for Office files, which are zips or compound documents
 * whatever they hold, its extension), or null when it is not a kind accepted.
 */
export function fileTypeOf(fileName: string, bytes: Buffer): FileType | null {
  const extension = lower(fileName).split('.').pop() ?? '';
  if (starts(bytes, 0x25, 0x50, 0x44, 0x46, 0x2d))
    return { contentType: 'application/pdf', name: 'PDF', inline: true };
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { contentType: 'image/png', name: 'PNG image', inline: true };
  if (starts(bytes, 0xff, 0xd8, 0xff)) return { contentType: 'image/jpeg', name: 'JPEG image', inline: true };
  if (starts(bytes, 0x47, 0x49, 0x46, 0x38))
    return { contentType: 'image/gif', name: 'GIF image', inline: true };
  if (starts(bytes, 0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WEBP')
    return { contentType: 'image/webp', name: 'WebP image', inline: true };
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return openXml[extension] ?? null;
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return oldOffice[extension] ?? null;
  if ((extension === 'txt' || extension === 'csv') && isPlainText(bytes))
    return {
      contentType: extension === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
      name: extension === 'csv' ? 'CSV file' : 'text file',
      inline: false,
    };
  return null;
}

/** UTF-8 text without control characters other than tab, line feed and carriage return (and no markup start). */
function isPlainText(bytes: Buffer): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for.
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text);
}

/**
 * A `Content-Disposition` header for a stored file: `inline` only for a type a browser shows safely,
 * else `attachment`; the name made safe (no quotes, slashes or control characters), in ASCII for old
 * browsers and in full (RFC 5987) for the rest.
 */
export function contentDisposition(fileName: string, type: FileType | { inline: boolean }): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are removed.
  const safe = fileName.replace(/[\u0000-\u001F\u007F"\\/]/g, '_').slice(0, 200) || 'file';
  const ascii = safe.normalize('NFKD').replace(/[^\x20-\x7E]/g, '_');
  return `${type.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

/** A size for people: "340 KB", "2.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-GB')} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;
}
