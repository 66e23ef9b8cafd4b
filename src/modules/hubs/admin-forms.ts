import type { FastifyReply } from 'fastify';
import { ValidationError } from '../../platform/errors.ts';

/** The input to show again on a form after an error (never the CSRF token). */
function keptValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (key !== '_csrf' && typeof value === 'string') values[key] = value.slice(0, 500);
  }
  return values;
}

/**
 * Runs a form's change. If the input is wrong, goes back to the form (post/redirect/get) with the
 * errors and the input kept; other errors go to the error handler.
 */
export async function handleForm(
  reply: FastifyReply,
  formUrl: string,
  body: unknown,
  change: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return reply.formErrors(formUrl, { errors: error.errors, values: keptValues(body) });
  }
}
