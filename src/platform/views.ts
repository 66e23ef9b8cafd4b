import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime } from './dates.ts';
import { paths } from './paths.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');

/**
 * Nunjucks with the GOV.UK Frontend macros. Templates are named from src/: the platform layout is
 * `platform/views/layout.njk`, a module's page `modules/hubs/views/hub.njk`.
 */
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
  env.addFilter('number', (value: number | string | null) =>
    value === null || value === undefined || value === '' ? '' : Number(value).toLocaleString('en-GB'),
  );
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  return env;
}
