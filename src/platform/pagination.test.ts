import { describe, expect, it } from 'vitest';
import { pagination, withQuery } from './pagination.ts';

describe('pagination', () => {
  const href = (n: number) => `/list?page=${n}`;

  it('is absent for a single page', () => {
    expect(pagination(1, 1, href)).toBeNull();
  });

  it('shows the first and last pages, two either side of this one, and ellipses between', () => {
    const params = pagination(10, 20, href)!;
    const labels = params.items.map((i) => ('ellipsis' in i ? '…' : i.number));
    expect(labels).toEqual([1, '…', 8, 9, 10, 11, 12, '…', 20]);
    expect(params.previous).toEqual({ href: '/list?page=9' });
    expect(params.next).toEqual({ href: '/list?page=11' });
    expect(params.items.find((i) => 'current' in i && i.current)).toMatchObject({ number: 10 });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(pagination(1, 3, href)?.previous).toBeUndefined();
    expect(pagination(3, 3, href)?.next).toBeUndefined();
  });

  it('builds links leaving out empty values', () => {
    expect(withQuery('/event-log', { action: 'role.granted', subjectType: '', page: 2 })).toBe(
      '/event-log?action=role.granted&page=2',
    );
    expect(withQuery('/event-log', { action: null })).toBe('/event-log');
  });
});
