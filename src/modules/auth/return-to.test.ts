import { describe, expect, it } from 'vitest';
import { paths } from '../../platform/paths.ts';
import { safeReturnTo } from './return-to.ts';

describe('safeReturnTo', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnTo('/admin/people?q=smith&page=2')).toBe('/admin/people?q=smith&page=2');
    expect(safeReturnTo('/account#tokens')).toBe('/account#tokens');
    expect(safeReturnTo('/')).toBe('/');
    // An academic year in the query is written 2023%2F24: encoded slashes are refused in the path only.
    expect(safeReturnTo('/reports/annual?year=2023%2F24')).toBe('/reports/annual?year=2023%2F24');
    expect(safeReturnTo('/people?q=o%27brien%20smith')).toBe('/people?q=o%27brien%20smith');
  });

  it('refuses other sites and odd forms of them, after one check', () => {
    const nasty = [
      'https://evil.example/',
      'http://evil.example',
      'HTTPS://evil.example',
      '//evil.example/path',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/.//evil.example',
      '/./\\evil.example',
      '/..//evil.example',
      '/a/..//evil.example',
      '/a/../..//evil.example',
      '/%2e//evil.example',
      '/%2E%2E//evil.example',
      '/.%2e//evil.example',
      '/%2F%2Fevil.example',
      '/%2fevil.example',
      '/hubs/%2F%2Fevil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      '/%09/evil.example',
      '/%0d%0aSet-Cookie:x',
      '/%00',
      '/%7F',
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' /dashboard',
      ' //evil.example',
      '/dashboard ',
      'data:text/html,<script>alert(1)</script>',
      'evil.example',
      '/\tevil',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\nSet-Cookie:x',
      '/\u0000',
      '/\u007f',
      '/\u2028',
      '/\u00a0/evil.example',
      '/\ufeff/evil.example',
      '',
      undefined,
      null,
      42,
      ['/dashboard'],
      { toString: () => '/dashboard' },
      `/${'a'.repeat(3000)}`,
    ];
    for (const value of nasty) {
      expect([value, safeReturnTo(value)]).toEqual([value, paths.dashboard]);
    }
  });

  it('never gives back an address that leaves the site, whatever it is given', () => {
    const pieces = ['/', '//', '\\', '.', '..', '%2e', '%2f', 'evil.example', '?', '#', ':', '@', 'a'];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const out = safeReturnTo(`/${a}${b}${c}`);
          expect(out.startsWith('/')).toBe(true);
          expect(out.startsWith('//')).toBe(false);
          expect(new URL(out, 'https://mathshubs.example').origin).toBe('https://mathshubs.example');
        }
  });

  it('does not return to the sign-in or sign-out pages', () => {
    expect(safeReturnTo(paths.signIn)).toBe(paths.dashboard);
    expect(safeReturnTo(paths.signInCode)).toBe(paths.dashboard);
    expect(safeReturnTo(paths.signOut)).toBe(paths.dashboard);
    expect(safeReturnTo(`/account/..${paths.signIn}`)).toBe(paths.dashboard);
  });

  it('uses the fallback given', () => {
    expect(safeReturnTo('https://evil.example', '')).toBe('');
    expect(safeReturnTo('/.//evil.example', '')).toBe('');
  });
});
