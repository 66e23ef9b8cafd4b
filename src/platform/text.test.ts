import { describe, expect, it } from 'vitest';
import { fieldLabel, findUnstorable, unstorableCharacter, unstorableLines } from './text.ts';

describe('text PostgreSQL cannot store', () => {
  it('is a NUL or half a surrogate pair, not a whole pair', () => {
    expect(unstorableCharacter('a\u0000b')).toBe('a NUL character (U+0000)');
    expect(unstorableCharacter('a\uD800b')).toBe('an unpaired surrogate character (U+D800)');
    expect(unstorableCharacter('a\uDC00')).toBe('an unpaired surrogate character (U+DC00)');
    expect(unstorableCharacter('a😀b, café')).toBeNull();
  });

  it('is found with its line in a file, once a line', () => {
    expect(unstorableLines('a,b\nc\u0000,\u0000d\ne\nf\uD800\n')).toEqual([
      { line: 2, message: expect.stringMatching(/NUL/) },
      { line: 4, message: expect.stringMatching(/unpaired surrogate/) },
    ]);
    expect(unstorableLines('fine\n'.repeat(3))).toEqual([]);
  });

  it('is found anywhere in parsed input, keys included, with its path', () => {
    expect(findUnstorable({ a: ['ok', { b: 'x\u0000' }] })).toEqual({
      path: 'a.1.b',
      character: 'a NUL character (U+0000)',
    });
    expect(findUnstorable({ 'k\u0000': 1 })?.path).toBe('k\u0000');
    expect(findUnstorable({ a: 1, b: [true, null] })).toBeNull();
  });

  it('names a field in words', () => {
    expect(fieldLabel('givenName')).toBe('Given name');
    expect(fieldLabel('other_requirements')).toBe('Other requirements');
  });
});
