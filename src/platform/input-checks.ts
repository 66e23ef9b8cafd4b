import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from './errors.ts';
import { fieldError, type SummaryFieldError } from './form-errors.ts';
import { fieldLabel, findUnstorable, stringsIn, unstorableCharacter, unstorableMessage } from './text.ts';

/** The longest text a form field may hold, unless it is one of the few that hold a whole document. */
export const maxFieldLength = 20_000;
const longFields: Record<string, number> = { rules: 500_000 };

/** Fields whose input is never shown again on a form. */
const secretField = /password|^_csrf$|^code$/i;

/** An error answered with 400 (a bad request) and its message. */
const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** Where a refused form goes back to: the page it was on (the same site's address), else its action. */
function formPage(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (referer) {
    try {
      const from = new URL(referer);
      const here = new URL(`${from.protocol}//${request.headers.host ?? ''}`);
      if (from.host === here.host && !from.pathname.startsWith('//')) return `${from.pathname}${from.search}`;
    } catch {
      // not an address: use the form's own
    }
  }
  const action = request.url.split('?')[0]!;
  return action.startsWith('//') || action.startsWith('/\\') ? '/' : action;
}

/**
 * Checks all text a request brings before its route reads it, once for every route: a character
 * PostgreSQL cannot store (NUL, a lone surrogate) anywhere in the path, the query or the body, and a
 * form field longer than any form needs.
 *  - a path parameter: 404 (no record has such a name);
 *  - the query or a JSON body: 400 with a message naming the value;
 *  - a form post: back to the form with a field error on each such field and the rest of the input kept.
 * Uploaded files are checked by the import readers, which know their lines.
 */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    if (findUnstorable(request.params)) throw new NotFoundError('Page not found');
    const inQuery = findUnstorable(request.query);
    if (inQuery)
      throw badRequest(unstorableMessage(`The address’s ${inQuery.path || 'query'}`, inQuery.character));
    const body = request.body;
    if (body === null || body === undefined || typeof body !== 'object' || Buffer.isBuffer(body)) return;
    const isForm =
      !request.url.startsWith('/api/') &&
      (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    if (!isForm) {
      const inBody = findUnstorable(body);
      if (inBody)
        throw badRequest(unstorableMessage(`The value at ${inBody.path || 'the body'}`, inBody.character));
      return;
    }
    const errors: SummaryFieldError[] = [];
    const values: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [path, text] of stringsIn(body)) {
      const name = path.split('.')[0]!;
      const character = unstorableCharacter(text);
      const limit = longFields[name] ?? maxFieldLength;
      if (!seen.has(name) && character) {
        errors.push(fieldError(name, unstorableMessage(fieldLabel(name), character)));
        seen.add(name);
      } else if (!seen.has(name) && text.length > limit) {
        errors.push(
          fieldError(
            name,
            `${fieldLabel(name)} must be ${limit.toLocaleString('en-GB')} characters or fewer`,
          ),
        );
        seen.add(name);
      }
    }
    if (errors.length === 0) return;
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (secretField.test(name) || typeof value !== 'string') continue;
      values[name] = [...value.slice(0, 500)].filter((c) => !unstorableCharacter(c)).join('');
    }
    return reply.formErrors(formPage(request), { errors, values });
  });
}
