import type { FastifyReply } from 'fastify';
import { ZodError, type z } from 'zod';
import { postedValues, StaleEditError } from '../edit-versions.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { fieldError, fieldErrorsFrom, formState } from '../form-errors.ts';

/**
 * The one way a page's form is handled (post/redirect/get):
 *  1. every text in the input is trimmed (a stray space never makes an email or a code wrong), except
 *     passwords, which are taken exactly as typed;
 *  2. if a schema is given, the input is checked with it: wrong input goes back to the form;
 *  3. the change runs; a `ValidationError` goes back to the form with its field errors, a
 *     `ConflictError` (the slot was taken, the event is full…) goes back to the form as an error on
 *     `conflictField`. A `StaleEditError` goes to `onStale` (the edit page with both versions, status 409
 *     set by the page) or, without it, to the error handler. Any other error goes to the error handler.
 *
 * Going back to the form keeps what the person typed (never `_csrf` nor a password), so nothing is lost.
 */
export interface FormOptions {
  /** Where the form is: refused input is sent back there. */
  formUrl: string;
  /** The posted body as it came. */
  body: unknown;
  /** The fields to show again; by default every text field except `_csrf` and passwords. */
  keep?: readonly string[];
  /** The field a conflict is reported on (its `#id` in the error summary); `form` by default. */
  conflictField?: string;
  /** Fields that hold a list (checkboxes): kept as a list of texts, even of one or none. */
  lists?: readonly string[];
  /**
   * An edit form's answer to a stale edit (someone else saved since the form was made): the page with both
   * versions (`staleEditRows`), given the person's posted values. Without it, the error handler answers 409.
   */
  onStale?: (yours: Record<string, string>) => FastifyReply | Promise<FastifyReply>;
  /** Fields whose errors are shown on another field of the page (`{ schoolUrn: 'commitmentSchoolUrn' }`). */
  errorFields?: Readonly<Record<string, string>>;
}

const neverKept = (name: string) => name === '_csrf' || /password/i.test(name);

/** The body with every text trimmed (arrays of texts too) but passwords; other values as they came. */
export function trimmedBody(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = /password/i.test(key) ? value : value.trim();
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? v.trim() : v));
    else out[key] = value;
  }
  return out;
}

/** The fields to show again on a refused form. */
export function keptFields(body: unknown, keep?: readonly string[]): string[] {
  if (keep) return keep.filter((name) => !neverKept(name));
  return Object.keys((body ?? {}) as Record<string, unknown>).filter((name) => !neverKept(name));
}

export function handleForm<S extends z.ZodType>(
  reply: FastifyReply,
  options: FormOptions & { schema: S },
  change: (input: z.output<S>) => Promise<FastifyReply>,
): Promise<FastifyReply>;
export function handleForm(
  reply: FastifyReply,
  options: FormOptions,
  change: (input: Record<string, unknown>) => Promise<FastifyReply>,
): Promise<FastifyReply>;
export async function handleForm(
  reply: FastifyReply,
  options: FormOptions & { schema?: z.ZodType },
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above give each caller its input's type
  change: (input: any) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const input = trimmedBody(options.body);
  const back = (errors: Parameters<typeof formState>[0]) => {
    const renamed = errors.map((e) => {
      const field = options.errorFields?.[e.field];
      return field ? { field, message: e.message } : e;
    });
    const state = formState(renamed, input, keptFields(input, options.keep));
    for (const name of options.lists ?? []) {
      state.values[name] = [input[name] ?? []].flat().filter((v) => typeof v === 'string');
    }
    return reply.formErrors(options.formUrl, state);
  };
  let parsed: unknown = input;
  if (options.schema) {
    const result = options.schema.safeParse(input);
    if (!result.success) return back(fieldErrorsFrom(result.error));
    parsed = result.data;
  }
  try {
    return await change(parsed);
  } catch (error) {
    if (error instanceof StaleEditError && options.onStale)
      return options.onStale(postedValues(options.body));
    if (error instanceof ValidationError) return back(error.errors);
    if (error instanceof ZodError) return back(fieldErrorsFrom(error));
    if (error instanceof ConflictError && !(error instanceof StaleEditError))
      return back([fieldError(options.conflictField ?? 'form', error.message)]);
    throw error;
  }
}
