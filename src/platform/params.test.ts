import { describe, expect, it } from 'vitest';
import {
  academicYearCode,
  academicYearParam,
  hubQuery,
  idParam,
  laCodeParam,
  ncpCodeParam,
  pageNumber,
  searchText,
  slugParam,
  tokenParam,
} from './params.ts';

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('values in addresses', () => {
  it('takes an id as digits from 1 to the largest PostgreSQL integer, and again as the number it made', () => {
    expect(idParam.parse('1')).toBe(1);
    expect(idParam.parse('2147483647')).toBe(2_147_483_647);
    expect(idParam.parse(42)).toBe(42);
    for (const odd of [
      '0',
      '-1',
      '01',
      '1.5',
      '1e3',
      '0x10',
      ' 1',
      '1 ',
      '',
      'abc',
      '2147483648',
      '\0',
      "1'",
    ]) {
      expect(accepts(idParam, odd), JSON.stringify(odd)).toBe(false);
    }
    expect(accepts(idParam, undefined)).toBe(false);
  });

  it('takes slugs, years, codes and tokens only in their own shapes', () => {
    expect(accepts(slugParam, 'west-yorkshire')).toBe(true);
    for (const odd of ['', 'West', 'a--b', '-a', 'a/b', '../', 'a\0', 'x'.repeat(61)]) {
      expect(accepts(slugParam, odd), odd).toBe(false);
    }
    expect(accepts(academicYearParam, '2023-24')).toBe(true);
    expect(accepts(academicYearParam, '1999-00')).toBe(true);
    // Both spellings of a year are read alike (issue 14: "2023/24" showed another year).
    expect(accepts(academicYearParam, '2023/24')).toBe(true);
    for (const odd of ['2023-25', '2023/25', '2023-24\0', '23-24', 'abc']) {
      expect(accepts(academicYearParam, odd), odd).toBe(false);
    }
    expect(accepts(academicYearCode, '2019/20')).toBe(true);
    expect(accepts(academicYearCode, '2019-20')).toBe(false);
    expect(accepts(laCodeParam, '383')).toBe(true);
    expect(accepts(laCodeParam, '38')).toBe(false);
    for (const code of ['NCP23-09', 'NCP 19-01', 'NCP23-07a', 'NCP-T-LEADS']) {
      expect(accepts(ncpCodeParam, code), code).toBe(true);
    }
    for (const odd of ['', ' NCP', "NCP'", 'NCP\0', '../', 'x'.repeat(41)]) {
      expect(accepts(ncpCodeParam, odd), odd).toBe(false);
    }
    expect(accepts(tokenParam, 'abcDEF_123-xyz')).toBe(true);
    expect(accepts(tokenParam, 'short')).toBe(false);
    expect(accepts(tokenParam, 'abcdefghij\0')).toBe(false);
  });

  it('reads odd query values of pages as their default', () => {
    expect(pageNumber().parse('3')).toBe(3);
    for (const odd of ['0', '-1', '1.5', 'abc', '', '99999999999999999999', '100001']) {
      expect(pageNumber().parse(odd), odd).toBe(1);
    }
    expect(hubQuery.parse('west-yorkshire')).toBe('west-yorkshire');
    expect(hubQuery.parse('')).toBe('');
    expect(hubQuery.parse('a\0')).toBeUndefined();
    expect(hubQuery.parse("'")).toBeUndefined();
  });

  it('refuses search text PostgreSQL cannot keep, or too long', () => {
    expect(searchText().parse('  Leeds  ')).toBe('Leeds');
    expect(accepts(searchText(), 'Lee\0ds')).toBe(false);
    expect(accepts(searchText(10), 'x'.repeat(11))).toBe(false);
    expect(searchText().catch('').parse('a\0')).toBe('');
  });
});
