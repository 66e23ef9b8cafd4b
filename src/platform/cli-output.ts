import { Option } from 'commander';
import { type Column, csvCell, csvText } from './exports.ts';
import type { Services } from './services.ts';

/** Prints rows for the command line as an aligned table, CSV or JSON. */
export type OutputFormat = 'table' | 'csv' | 'json';
export const outputFormats: OutputFormat[] = ['table', 'csv', 'json'];

export type { Column } from './exports.ts';

/** A CSV cell, defused and quoted (platform/exports.ts writes every CSV). */
export const csvField = csvCell;

export function formatRows<T>(rows: T[], columns: Column<T>[], format: OutputFormat): string {
  if (format === 'json') {
    return `${JSON.stringify(
      rows.map((row) => Object.fromEntries(columns.map((c) => [c.header, c.value(row) ?? null]))),
      null,
      2,
    )}\n`;
  }
  if (format === 'csv') return csvText(rows, columns);
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      return v === null || v === undefined ? '' : String(v);
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

/** The `--format table|csv|json` option every listing command takes. */
export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(outputFormats).default('table');

/** Runs `work` with the platform's services on its database, then closes it. */
export type WithServices = <T>(work: (services: Services) => Promise<T>) => Promise<T>;
