import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type FieldError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { megabytes } from '../../platform/upload-limits.ts';
import { checkDocumentFile, DOCUMENT_MAX_BYTES, type DocumentFile } from '../documents/documents.ts';

/** The most text fields a message form sends (title, body, when, document, quote, _csrf…). */
const MAX_FIELDS = 20;

/**
 * A message form as posted: its text fields and the file uploaded with it (none if empty). The forms
 * are multipart (they carry a file input); a form posted without a file as `application/x-www-form-
 * urlencoded` is read the same way. A file over 20 MB is not kept: `fileError` says so, and the text
 * fields that follow it are still read, so that the form comes back with the text kept.
 */
export async function readMessageForm(request: FastifyRequest): Promise<{
  body: Record<string, string>;
  file: DocumentFile | null;
  fileError: string | null;
}> {
  if (!request.isMultipart())
    return { body: (request.body ?? {}) as Record<string, string>, file: null, fileError: null };
  const body: Record<string, string> = {};
  let file: DocumentFile | null = null;
  let fileError: string | null = null;
  const options = {
    // Too large a file is told on the form (fileError), not with an error page (the plugin's 413); the
    // plugin reads this option though its type for parts() leaves it out.
    throwFileSizeLimit: false,
    limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: 64 * 1024 },
  };
  for await (const part of request.parts(options)) {
    if (part.type === 'file') {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= DOCUMENT_MAX_BYTES) chunks.push(chunk);
      }
      if (part.file.truncated || size > DOCUMENT_MAX_BYTES)
        fileError = `The file is larger than ${megabytes(DOCUMENT_MAX_BYTES)}, the most that can be uploaded: upload a smaller file`;
      else if (part.filename && size > 0) file = { filename: part.filename, bytes: Buffer.concat(chunks) };
    } else if (typeof part.value === 'string' && !(part.fieldname in body)) {
      body[part.fieldname] = part.value;
    }
  }
  return { body, file, fileError };
}

/**
 * The posted fields checked with the form's schema, together with the file's problems (too large, or
 * not a kind that may be uploaded), so the error summary lists every problem at once.
 */
export function checkMessageForm<S extends z.ZodType>(
  schema: S,
  input: unknown,
  upload: { file: DocumentFile | null; fileError: string | null },
): z.output<S> {
  const parsed = schema.safeParse(input);
  const problems: FieldError[] = parsed.success ? [] : fieldErrorsFrom(parsed.error);
  if (upload.fileError) problems.push({ field: 'file', message: upload.fileError });
  else if (upload.file)
    try {
      checkDocumentFile(upload.file);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.errors);
    }
  if (problems.length || !parsed.success) throw new ValidationError(problems);
  return parsed.data;
}
