import { describe, expect, it } from 'vitest';
import { giasDate, percentage, requiredText, urn, ValueProblem, wholeNumber } from './gias-values.ts';

describe('GIAS values', () => {
  it('reads DD-MM-YYYY dates as calendar dates', () => {
    expect(giasDate('01-09-2012')).toBe('2012-09-01');
    expect(giasDate('29-02-2024')).toBe('2024-02-29');
    expect(giasDate('29-02-2000')).toBe('2000-02-29');
    expect(giasDate('')).toBeNull();
  });

  it.each([
    '31-02-2024',
    '29-02-2023',
    '29-02-1900',
    '2024-09-01',
    '1-9-2012',
    '01/09/2012',
    '00-01-2020',
    '01-13-2020',
  ])('rejects the date %s', (raw) => {
    expect(() => giasDate(raw)).toThrow(ValueProblem);
  });

  it('reads whole numbers, percentages and URNs', () => {
    expect(wholeNumber('276')).toBe(276);
    expect(wholeNumber('')).toBeNull();
    expect(() => wholeNumber('12.5')).toThrow(/not a whole number/);
    expect(percentage('10.2')).toBe('10.2');
    expect(percentage('100')).toBe('100');
    expect(() => percentage('100.5')).toThrow(/percentage/);
    expect(() => percentage('-1')).toThrow(/percentage/);
    expect(urn('100000')).toBe(100000);
    expect(() => urn('')).toThrow('is empty');
    expect(() => urn('10000A')).toThrow('‘10000A’ is not a URN');
    expect(() => urn('0')).toThrow(/not a URN/);
  });

  it('requires text to be more than spaces', () => {
    expect(requiredText('Oak School')).toBe('Oak School');
    expect(() => requiredText('  ')).toThrow('is empty');
  });
});
