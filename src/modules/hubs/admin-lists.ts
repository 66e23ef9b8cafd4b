/** Sorting, filtering and paging of the national team's lists (small lists, done in memory). */

export type SortOrder = 'asc' | 'desc';

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function sortRows<T>(rows: T[], key: (row: T) => string | number | null, order: SortOrder): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    // Empty values go last whichever the order.
    if (x === null || x === '') return 1;
    if (y === null || y === '') return -1;
    return (
      sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)))
    );
  });
}

/** True when every word of the query is in one of the values (ignoring case). */
export function matchesWords(query: string, ...values: (string | number | null | undefined)[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = values
    .filter((v) => v !== null && v !== undefined)
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

export interface Page<T> {
  items: T[];
  page: number;
  lastPage: number;
  total: number;
  from: number;
  to: number;
}

export function pageOf<T>(rows: T[], page: number, pageSize: number): Page<T> {
  const lastPage = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, page), lastPage);
  const start = (current - 1) * pageSize;
  const items = rows.slice(start, start + pageSize);
  return {
    items,
    page: current,
    lastPage,
    total: rows.length,
    from: items.length ? start + 1 : 0,
    to: start + items.length,
  };
}

/** A link to the same list with some of its query changed; empty values are left out. */
export function listHref(
  path: string,
  query: Record<string, string | number | undefined>,
  changes: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The column headings' sort links: a click sorts by the column, a second click reverses it. */
export function sortLinks<S extends string>(
  path: string,
  query: Record<string, string | number | undefined> & { sort: S; order: SortOrder },
  columns: readonly S[],
): Record<S, { href: string; ariaSort: 'ascending' | 'descending' | 'none' }> {
  const links = {} as Record<S, { href: string; ariaSort: 'ascending' | 'descending' | 'none' }>;
  for (const column of columns) {
    const current = query.sort === column;
    const order: SortOrder = current && query.order === 'asc' ? 'desc' : 'asc';
    links[column] = {
      href: listHref(path, query, { sort: column, order, page: undefined }),
      ariaSort: current ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  }
  return links;
}

/** The items of GOV.UK pagination: first, last and the pages near the current one. */
export function paginationFor(
  path: string,
  query: Record<string, string | number | undefined>,
  page: Page<unknown>,
) {
  if (page.lastPage <= 1) return null;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let n = 1; n <= page.lastPage; n++) {
    if (n === 1 || n === page.lastPage || Math.abs(n - page.page) <= 2) {
      items.push({ number: n, href: listHref(path, query, { page: n }), current: n === page.page });
    } else if (Math.abs(n - page.page) === 3) {
      items.push({ ellipsis: true });
    }
  }
  return {
    previous: page.page > 1 ? { href: listHref(path, query, { page: page.page - 1 }) } : undefined,
    next: page.page < page.lastPage ? { href: listHref(path, query, { page: page.page + 1 }) } : undefined,
    items,
  };
}
