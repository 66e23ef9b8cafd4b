/** The params of a GOV.UK pagination component for page `page` of `lastPage` (none for one page). */
export interface PaginationParams {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

export function pagination(
  page: number,
  lastPage: number,
  hrefFor: (page: number) => string,
): PaginationParams | null {
  if (lastPage <= 1) return null;
  const items: PaginationParams['items'] = [];
  for (let n = 1; n <= lastPage; n++) {
    if (n === 1 || n === lastPage || Math.abs(n - page) <= 2)
      items.push({ number: n, href: hrefFor(n), current: n === page });
    else if (Math.abs(n - page) === 3) items.push({ ellipsis: true });
  }
  return {
    previous: page > 1 ? { href: hrefFor(page - 1) } : undefined,
    next: page < lastPage ? { href: hrefFor(page + 1) } : undefined,
    items,
  };
}

/** A link to this page with some query parameters changed (empty values left out). */
export function withQuery(base: string, query: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}
