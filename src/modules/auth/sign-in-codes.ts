import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long an emailed sign-in code lasts, and how many wrong tries kill it. */
export const CODE_LIFETIME_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;

/** Email addresses are compared without case or surrounding spaces. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** People copy codes with spaces or dashes ("123 456"): keep the digits only. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '');

export const isWellFormedCode = (code: string) => /^\d{6}$/.test(code);

/**
 * The key of the code hashes, derived from the signing secret (signingSecret in platform/config.ts). A
 * six-digit code's plain hash could be reversed by trying all million codes; keyed, a copy of the
 * database alone reveals nothing.
 */
export const signInCodeKey = (secret: string) =>
  createHmac('sha256', secret).update('mathshubs sign-in codes').digest('hex');

/**
 * Only this hash is stored: an HMAC under the key above. The email is mixed in so that one hash cannot
 * be matched against every row.
 */
export const hashSignInCode = (key: string, email: string, code: string) =>
  createHmac('sha256', key)
    .update(`${normaliseEmail(email)}:${code}`)
    .digest('hex');

export function codeMatches(key: string, storedHash: string, email: string, code: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashSignInCode(key, email, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function signInCodeEmail(code: string, signInUrl: string): { subject: string; text: string } {
  return {
    subject: 'Your sign-in code for the Maths Hubs Platform',
    text: [
      `Your sign-in code is ${code}`,
      '',
      `Enter it on the sign-in page: ${signInUrl}`,
      '',
      `The code lasts ${CODE_LIFETIME_MINUTES} minutes and works once.`,
      '',
      'If you did not ask to sign in, you can ignore this email. Nobody can sign in without the code.',
      '',
      'Maths Hubs Platform',
    ].join('\n'),
  };
}
