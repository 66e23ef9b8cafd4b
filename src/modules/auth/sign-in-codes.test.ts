import { describe, expect, it } from 'vitest';
import { sha256 } from '../../platform/tokens.ts';
import {
  codeMatches,
  hashSignInCode,
  isWellFormedCode,
  normaliseCode,
  normaliseEmail,
  signInCodeEmail,
  signInCodeKey,
} from './sign-in-codes.ts';

describe('sign-in code helpers', () => {
  const key = signInCodeKey('a'.repeat(32));

  it('hashes a code with its email, so the hash neither reveals the code nor matches another email', () => {
    const hash = hashSignInCode(key, 'Someone@Example.org', '123456');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('123456');
    expect(hashSignInCode(key, 'someone@example.org ', '123456')).toBe(hash);
    expect(hashSignInCode(key, 'other@example.org', '123456')).not.toBe(hash);
  });

  it('keys the hash with a secret the database does not hold: trying every code without it finds nothing', () => {
    const hash = hashSignInCode(key, 'someone@example.org', '042042');
    expect(hash).not.toBe(sha256('someone@example.org:042042'));
    expect(hashSignInCode(signInCodeKey('b'.repeat(32)), 'someone@example.org', '042042')).not.toBe(hash);
  });

  it('matches only the right code for the right email', () => {
    const hash = hashSignInCode(key, 'someone@example.org', '042042');
    expect(codeMatches(key, hash, 'SOMEONE@example.org', '042042')).toBe(true);
    expect(codeMatches(key, hash, 'someone@example.org', '042043')).toBe(false);
    expect(codeMatches(key, hash, 'other@example.org', '042042')).toBe(false);
    expect(codeMatches(signInCodeKey('b'.repeat(32)), hash, 'someone@example.org', '042042')).toBe(false);
    expect(codeMatches(key, 'not-a-hash', 'someone@example.org', '042042')).toBe(false);
  });

  it('accepts codes typed with spaces or dashes, and only six digits', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('123-456')).toBe('123456');
    expect(isWellFormedCode('123456')).toBe(true);
    expect(isWellFormedCode('12345')).toBe(false);
    expect(isWellFormedCode('12345a')).toBe(false);
    expect(normaliseEmail('  Name@Example.ORG ')).toBe('name@example.org');
  });

  it('writes an email that gives the code and says how long it lasts', () => {
    const mail = signInCodeEmail('654321', 'http://localhost:3000/sign-in/code');
    expect(mail.text).toContain('Your sign-in code is 654321');
    expect(mail.text).toContain('lasts 15 minutes and works once');
    expect(mail.subject).not.toContain('654321');
  });
});
