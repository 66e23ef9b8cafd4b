import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatTime } from './dates.ts';
import { paths } from './paths.ts';

const escapeHtml = (nunjucks.lib as unknown as { escape(text: string): string }).escape;

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');

/**
 * Nunjucks with the GOV.UK Frontend macros. Templates are named from src/: the platform layout is
 * `platform/views/layout.njk`, a module's page `modules/hubs/views/hub.njk`.
 */
// A template imported without context (`{% from "x" import y %}`, as every GOV.UK component's macro
// and its attributes helper are) exports the same macros each time: its top level runs with an empty
// context. Nunjucks runs that top level again on every import, on every call of a component's macro,
// which made most of a page's rendering time; keep the first result per compiled template instead.
type ExportCallback = (error: Error | null, exported: unknown) => void;
const templateProto = nunjucks.Template.prototype as unknown as {
  getExported(ctx: unknown, parentFrame?: unknown, cb?: ExportCallback): void;
};
const exportsOf = new WeakMap<object, unknown>();
const getExported = templateProto.getExported;
templateProto.getExported = function (this: object, ctx, parentFrame, cb) {
  if (typeof ctx !== 'function' || parentFrame !== undefined || cb !== undefined) {
    return getExported.call(this, ctx, parentFrame, cb);
  }
  const done = ctx as ExportCallback;
  if (exportsOf.has(this)) return done(null, exportsOf.get(this));
  getExported.call(this, (error: Error | null, exported: unknown) => {
    if (!error) exportsOf.set(this, exported);
    done(error, exported);
  });
};

export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [path.join(projectRoot, 'src'), path.join(projectRoot, 'node_modules/govuk-frontend/dist')],
      { noCache: options.watch ?? false, watch: false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addGlobal('paths', paths);
  // The error message of one form field, as GOV.UK components take it (`errorMessage`), if it has one.
  env.addGlobal('fieldError', (errors: { field?: string; message?: string }[] | undefined, field: string) => {
    const found = errors?.find((e) => e.field === field);
    return found ? { text: found.message } : undefined;
  });
  env.addFilter('date', (value: string | Date | null) => formatDate(value));
  env.addFilter('dateTime', (value: string | Date | null) => formatDateTime(value));
  env.addFilter('time', (value: string | Date | null) => formatTime(value));
  env.addFilter('number', (value: number | string | null) =>
    value === null || value === undefined || value === '' ? '' : Number(value).toLocaleString('en-GB'),
  );
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  // Lines of text (an address) as HTML: each line escaped, then joined with line breaks. The only
  // way to join values with markup: `join("<br>")` would join them unescaped.
  env.addFilter(
    'escapedLines',
    (lines: unknown[]) =>
      new nunjucks.runtime.SafeString(lines.map((line) => escapeHtml(String(line ?? ''))).join('<br>')),
  );
  return env;
}
