import type { FastifyRequest } from 'fastify';

/** What an upload form sent: the kind of file chosen and the file itself (none if empty or missing). */
export interface Upload<Kind extends string> {
  kind: Kind | null;
  file: { fileName: string; bytes: Buffer } | null;
}

/** Reads an upload form (multipart): its `kind` field, if one of the kinds, and its file. */
export async function readUpload<Kind extends string>(
  request: FastifyRequest,
  isKind: (value: unknown) => value is Kind,
): Promise<Upload<Kind>> {
  const upload: Upload<Kind> = { kind: null, file: null };
  if (!request.isMultipart()) return upload;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.filename && bytes.length > 0) upload.file = { fileName: part.filename, bytes };
    } else if (part.fieldname === 'kind' && isKind(part.value)) {
      upload.kind = part.value;
    }
  }
  return upload;
}
