import { describe, expect, it } from 'vitest';
import { csrfPlaceholder, KeptPage, PageCache, pageKey } from './page-cache.ts';

describe('page cache', () => {
  it('makes a page once for requests that miss the same key at once, then serves it kept', async () => {
    const cache = new PageCache(1024 * 1024);
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return '<p>page</p>';
    };
    const results = await Promise.all([1, 2, 3].map(() => cache.get('k', make)));
    expect(made).toBe(1);
    expect(results.map((r) => r.kept)).toEqual([false, true, true]);
    expect((await cache.get('k', make)).kept).toBe(true);
    expect(made).toBe(1);
  });

  it('makes the page again after a failed making, and keeps nothing for it', async () => {
    const cache = new PageCache(1024 * 1024);
    await expect(cache.get('k', () => Promise.reject(new Error('no such activity')))).rejects.toThrow();
    expect(cache.size).toBe(0);
    expect((await cache.get('k', async () => 'ok')).page.with('t').toString()).toBe('ok');
  });

  it('lets the least recently used pages go beyond its size, and keeps nothing when off', async () => {
    const cache = new PageCache(400);
    const page = (c: string) => async () => c.repeat(100);
    await cache.get('a', page('a'));
    await cache.get('b', page('b'));
    await cache.get('c', page('c'));
    await cache.get('a', page('x')); // a is used again: b is now the oldest
    await cache.get('d', page('d'));
    await cache.get('e', page('e'));
    expect(cache.size).toBe(4);
    expect((await cache.get('b', page('B'))).page.with('').toString()).toBe('B'.repeat(100));
    expect((await cache.get('a', page('y'))).page.with('').toString()).toBe('a'.repeat(100));
    const off = new PageCache(0);
    await off.get('a', page('a'));
    expect(off.size).toBe(0);
  });

  it('puts the form token wherever the page had the stand-in, in UTF-8', () => {
    const kept = new KeptPage(
      `<p>Maths – £5</p><input value="${csrfPlaceholder}"><input value="${csrfPlaceholder}">`,
    );
    expect(kept.with('abc').toString('utf8')).toBe('<p>Maths – £5</p><input value="abc"><input value="abc">');
    expect(kept.with('xyz').toString('utf8')).toContain('value="xyz"');
  });

  it('keys pages by every part', () => {
    expect(pageKey('1/2:3', { personId: 1 }, '/a')).toBe(pageKey('1/2:3', { personId: 1 }, '/a'));
    expect(pageKey('1/2:3', { personId: 1 }, '/a')).not.toBe(pageKey('1/2:4', { personId: 1 }, '/a'));
    expect(pageKey('1/2:3', { personId: 1 }, '/a')).not.toBe(pageKey('1/2:3', { personId: 2 }, '/a'));
  });
});
