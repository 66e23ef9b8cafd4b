import { describe, expect, it } from 'vitest';
import { paths } from '../../platform/paths.ts';
import { safeReturnTo } from './return-to.ts';

describe('safeReturnTo', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnTo('/admin/people?q=smith&page=2')).toBe('/admin/people?q=smith&page=2');
    expect(safeReturnTo('/account#tokens')).toBe('/account#tokens');
  });

  it('refuses other sites and odd forms of them', () => {
    for (const value of [
      'https://evil.example/',
      'http://evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'evil.example',
      '/\tevil',
      '/\r\nSet-Cookie:x',
      '',
      undefined,
      42,
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(safeReturnTo(value)).toBe(paths.dashboard);
    }
  });

  it('leaves encoded characters encoded, so they cannot split a header', () => {
    expect(safeReturnTo('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
    expect(safeReturnTo('/hubs/%2F%2Fevil.example')).toBe('/hubs/%2F%2Fevil.example');
  });

  it('does not return to the sign-in or sign-out pages', () => {
    expect(safeReturnTo(paths.signIn)).toBe(paths.dashboard);
    expect(safeReturnTo(paths.signInCode)).toBe(paths.dashboard);
    expect(safeReturnTo(paths.signOut)).toBe(paths.dashboard);
  });

  it('uses the fallback given', () => {
    expect(safeReturnTo('https://evil.example', '')).toBe('');
  });
});
