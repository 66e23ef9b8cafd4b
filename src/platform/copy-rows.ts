import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined;

/** A value in PostgreSQL's COPY text format: \N for null, t/f for booleans, backslash escapes in text. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : value;
}

/** Each table column and how to read its value from a row. */
export type CopyColumns<Row> = Record<string, (row: Row) => CopyValue>;

/** The columns that copy fields of a row as they are: { column: field }. */
export function fieldColumns<Row>(spec: readonly { column: string; field: keyof Row }[]): CopyColumns<Row> {
  return Object.fromEntries(spec.map(({ column, field }) => [column, (row: Row) => row[field] as CopyValue]));
}

const rowsPerChunk = 1000;

/** Makes a row's line of COPY text, newline included (to make ahead of the COPY that sends it). */
export function copyLineOf<Row>(columns: CopyColumns<Row>): (row: Row) => string {
  const readers = Object.values(columns);
  const last = readers.length - 1;
  return (row) => {
    let line = '';
    for (let c = 0; c < last; c++) line += `${copyText(readers[c]!(row))}\t`;
    return `${line}${copyText(readers[last]!(row))}\n`;
  };
}

/** Streams rows into a table with COPY, much the fastest way into PostgreSQL, on the given client. */
export async function copyRows<Row>(
  client: pg.PoolClient,
  table: string,
  columns: CopyColumns<Row>,
  rows: readonly Row[],
): Promise<number> {
  const lineOf = copyLineOf(columns);
  function* chunks(): Generator<string> {
    for (let start = 0; start < rows.length; start += rowsPerChunk) {
      let chunk = '';
      for (let i = start; i < Math.min(start + rowsPerChunk, rows.length); i++) chunk += lineOf(rows[i]!);
      yield chunk;
    }
  }
  await copyChunks(client, table, Object.keys(columns), chunks());
  return rows.length;
}

/** Streams COPY text already made (lines from `copyLineOf`, in chunks) into these columns of a table. */
export async function copyChunks(
  client: pg.PoolClient,
  table: string,
  columnNames: readonly string[],
  chunks: Iterable<string>,
): Promise<void> {
  const columnList = columnNames.map((name) => pg.escapeIdentifier(name)).join(', ');
  const copy = client.query(copyFrom(`COPY ${pg.escapeIdentifier(table)} (${columnList}) FROM STDIN`));
  await pipeline(Readable.from(chunks), copy);
}
