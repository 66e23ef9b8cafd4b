import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from './database.ts';
import { ConflictError, ValidationError } from './errors.ts';

/**
 * No lost updates: a record people edit through a form carries a `version` (an integer column raised on
 * every change to what the form edits, by the `edit_version_raise` trigger of migration 0013 for any
 * writer). Its edit form carries the version it was made from as a hidden field; the save writes only
 * `WHERE id = $1 AND version = $2` (`updateAtVersion`) and otherwise throws `StaleEditError`. The route
 * then shows the edit page again with status 409: what the other person saved beside what this person
 * tried to save (`staleEditRows`, `platform/views/_stale-edit.njk`), their input kept in the form, which
 * now carries the latest version, so that saving again puts their change on top deliberately.
 *
 * To protect another record: add the column and the trigger (see migration 0013), put
 * `<input type="hidden" name="version" …>` in its form, read it with `versionFrom(body)`, update with
 * `updateAtVersion`, and catch `StaleEditError` in the route.
 */

/** Someone else changed the record since the form was made: nothing was saved. */
export class StaleEditError extends ConflictError {
  /** The version the edit was made from. */
  readonly expected: number;
  /** The record's version now (null when it is not known, or the record has gone). */
  readonly current: number | null;
  constructor(
    expected: number,
    current: number | null,
    message = 'Someone else changed this while you were editing it: nothing was saved',
  ) {
    super(message);
    this.expected = expected;
    this.current = current;
  }
}

/**
 * The version an edit form was made from (its hidden `version` field); a form without one is refused.
 * Versions start at 1; 0 stands for a record not yet made (a form that creates it on first save).
 */
export function versionFrom(body: unknown): number {
  const raw = (body as Record<string, unknown> | null | undefined)?.version;
  const version = typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(version) || version < 0) {
    throw new ValidationError([
      {
        field: 'version',
        message: 'This form is out of date. Check the values below and save again',
      },
    ]);
  }
  return version;
}

/** Refuses an edit made from an older version than the record's (a check before the guarded write). */
export function assertVersion(expected: number, current: number): void {
  if (expected !== current) throw new StaleEditError(expected, current);
}

/** A record's version as an HTTP entity tag (the API sends it as `ETag` and reads it from `If-Match`). */
export const etagOf = (version: number) => `"${version}"`;

/** The version an API client read, from its `If-Match` header (`"3"`, or weak `W/"3"`); null if none. */
export function versionOfIfMatch(header: string | string[] | undefined): number | null {
  const value = [header].flat()[0]?.trim() ?? '';
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  return match ? Number(match[1]) : null;
}

type VersionedTable = PgTable & { version: PgColumn };

/**
 * Updates one record only if it is still at the version the edit was made from, raising the version;
 * returns the new version, or throws `StaleEditError` (with the current version) if no row matched.
 * The record is found by `id` in the table's `id` column, or in `key` for a table keyed otherwise.
 */
export async function updateAtVersion<T extends VersionedTable>(
  tx: Executor,
  table: T,
  id: number | string,
  version: number,
  set: PgUpdateSetSource<T>,
  key: PgColumn = (table as unknown as { id: PgColumn }).id,
): Promise<number> {
  const t = table as VersionedTable;
  const rows = (await tx
    .update(t)
    .set({ ...set, version: sql`${t.version} + 1` } as PgUpdateSetSource<VersionedTable>)
    .where(and(eq(key, id), eq(t.version, version)))
    .returning({ version: t.version })) as { version: number }[];
  if (rows[0]) return rows[0].version;
  const [now] = (await tx.select({ version: t.version }).from(t).where(eq(key, id))) as {
    version: number;
  }[];
  throw new StaleEditError(version, now?.version ?? null);
}

/** A field of an edit form as the comparison shows it: its label, and its value read from form values. */
export interface ComparedField {
  /** The form field (or group of fields, such as a date's parts) the row is about. */
  name: string;
  label: string;
  /** The value to show, from a record of form values; by default the field's text. */
  show?: (form: Record<string, unknown>) => string;
}

export interface StaleEditRow {
  name: string;
  label: string;
  theirs: string;
  yours: string;
  differs: boolean;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/**
 * The comparison of a stale edit, field by field: `theirs` are the form values of the record now (what
 * someone else saved), `yours` the values posted from the older version.
 */
export function staleEditRows(
  fields: readonly ComparedField[],
  theirs: Record<string, unknown>,
  yours: Record<string, unknown>,
): StaleEditRow[] {
  return fields.map((f) => {
    const show = f.show ?? ((form: Record<string, unknown>) => text(form[f.name]));
    const [a, b] = [show(theirs), show(yours)];
    return { name: f.name, label: f.label, theirs: a, yours: b, differs: a !== b };
  });
}

/** The posted values of a form to show again (strings only, never the form token or the old version). */
export function postedValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (k !== '_csrf' && k !== 'version' && typeof v === 'string') out[k] = v;
  return out;
}
