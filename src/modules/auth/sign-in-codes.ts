import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../../platform/tokens.ts';

/** How long an emailed sign-in code lasts, and how many wrong tries kill it. */
export const CODE_LIFETIME_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;

/** Email addresses are compared without case or surrounding spaces. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** People copy codes with spaces or dashes ("123 456"): keep the digits only. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '');

export const isWellFormedCode = (code: string) => /^\d{6}$/.test(code);

/** Only this hash is stored. The email is mixed in so that one hash cannot be matched against every row. */
export const hashSignInCode = (email: string, code: string) => sha256(`${normaliseEmail(email)}:${code}`);

export function codeMatches(storedHash: string, email: string, code: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashSignInCode(email, code), 'hex');
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
