import type { FastifyRequest } from 'fastify';
import { ValidationError } from './errors.ts';
import { fieldError, type SummaryFieldError } from './form-errors.ts';
import { importLimits, megabytes } from './upload-limits.ts';

/** What an upload form sent: the kind of file chosen and the file itself (none if empty or missing). */
export interface Upload<Kind extends string> {
  kind: Kind | null;
  file: { fileName: string; bytes: Buffer } | null;
}

/**
 * Reads an upload form (multipart): its `kind` field (or the field named `kindField`), if one of the
 * kinds, and its file. A file larger
 * than `maxBytes` (by default the import limit, docs/operations.md) is refused as soon as it
 * passes the limit, with a clear message (ValidationError, a 422): what was received is not kept.
 */
export async function readUpload<Kind extends string>(
  request: FastifyRequest,
  isKind: (value: unknown) => value is Kind,
  options: { maxBytes?: number; kindField?: string } = {},
): Promise<Upload<Kind>> {
  const kindField = options.kindField ?? 'kind';
  const maxBytes = options.maxBytes ?? importLimits.uploadBytes;
  const upload: Upload<Kind> = { kind: null, file: null };
  if (!request.isMultipart()) return upload;
  for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      }
      if (part.file.truncated || size > maxBytes) {
        const message = `The file is larger than ${megabytes(maxBytes)}, the most that can be uploaded here: split it into smaller files`;
        throw new ValidationError([{ field: 'file', message }], message);
      }
      const bytes = Buffer.concat(chunks);
      if (part.filename && bytes.length > 0) upload.file = { fileName: part.filename, bytes };
    } else if (part.fieldname === kindField && isKind(part.value)) {
      upload.kind = part.value;
    }
  }
  return upload;
}

/** Problems of a refused import shown on the page; the command line lists every one. */
export const problemsShown = 1000;

/**
 * The upload pages' answers to a refused upload (the upload pages render again with 422: a file cannot
 * be carried back through a redirect, so they do not go through `handleForm`).
 */
export const uploadErrors = {
  /** What is missing: what the file holds, and the file. */
  missing(kind: unknown, file: unknown, fileMessage: string): SummaryFieldError[] {
    return [
      ...(kind ? [] : [fieldError('kind', 'Select what the file holds')]),
      ...(file ? [] : [fieldError('file', fileMessage)]),
    ];
  },
  /** A file refused for its problems: the error, and the first problems to list. */
  rejected(fileName: string, problems: readonly { line: number; message: string }[]) {
    const count = problems.length;
    const problemsText = count === 1 ? 'a problem' : `${count.toLocaleString('en-GB')} problems`;
    return {
      errors: [
        fieldError('problems', `${fileName} was not imported: it has ${problemsText}. Nothing was changed.`),
      ],
      rejected: { fileName, total: count, problems: problems.slice(0, problemsShown) },
    };
  },
};
