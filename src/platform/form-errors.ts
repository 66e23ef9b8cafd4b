import type { z } from 'zod';
import type { FieldError } from './errors.ts';
import type { FormState } from './http.ts';

/**
 * A field error that the layout's GOV.UK error summary can show as it is (`text`, `href`) and that a
 * page can put next to its field (`field`, `message`).
 */
export type SummaryFieldError = FieldError & { text: string; href: string };

export const fieldError = (field: string, message: string): SummaryFieldError => ({
  field,
  message,
  text: message,
  href: `#${field}`,
});

/** The first problem with each field of a form, in the order of the form. */
export function fieldErrorsFrom(error: z.ZodError): SummaryFieldError[] {
  const seen = new Set<string>();
  const out: SummaryFieldError[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push(fieldError(field, issue.message));
  }
  return out;
}

/**
 * The state to carry back to a form: its errors and the input to show again (never passwords), whole:
 * a field's length is already limited before any route reads it (`input-checks.ts`), and a long note
 * or finding typed into a form must not come back cut short.
 */
export function formState(
  errors: FieldError[],
  body: unknown,
  keep: readonly string[],
): FormState & { errors: SummaryFieldError[] } {
  const source = (body ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const name of keep) if (typeof source[name] === 'string') values[name] = source[name];
  return {
    errors: errors.map((e) => ('text' in e ? (e as SummaryFieldError) : fieldError(e.field, e.message))),
    values,
  };
}
