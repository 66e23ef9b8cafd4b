import { paths } from '../../platform/paths.ts';

const origin = 'http://return-to.invalid';

/**
 * Where to go after signing in: only a path on this site, never another site (`//evil.example`,
 * `https://…`, `/\evil.example`) and never back into the sign-in pages.
 */
export function safeReturnTo(value: unknown, fallback: string = paths.dashboard): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  if (url.pathname === paths.signIn || url.pathname.startsWith(`${paths.signIn}/`)) return fallback;
  if (url.pathname === paths.signOut) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
