/** The small error vocabulary of the platform; routes map these to HTTP in one place (app.ts). */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class NotFoundError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class UnauthenticatedError extends DomainError {}
export class ConflictError extends DomainError {}
export class TooManyRequestsError extends DomainError {}

export interface FieldError {
  field: string;
  message: string;
}
export class ValidationError extends DomainError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[], message = 'There is a problem') {
    super(message);
    this.errors = errors;
  }
}

/** A problem with one line of an imported file. */
export interface RowProblem {
  line: number;
  message: string;
}
export class ImportRejectedError extends DomainError {
  readonly problems: RowProblem[];
  constructor(problems: RowProblem[], message = 'The file was rejected; nothing was changed') {
    super(message);
    this.problems = problems;
  }
}
/** The service is busy (for example with other imports): try again later. */
export class ServiceBusyError extends DomainError {}

/**
 * Whether an error, or one it wraps (Drizzle wraps the driver's error as its `cause`), is PostgreSQL's
 * error of one of these SQLSTATE codes.
 */
export function hasDatabaseCode(error: unknown, codes: ReadonlySet<string>): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (codes.has(String((e as { code?: unknown }).code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
