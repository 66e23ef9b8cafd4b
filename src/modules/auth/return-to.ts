import { paths } from '../../platform/paths.ts';

const origin = 'http://return-to.invalid';

/** Printable ASCII only: no control characters, spaces or look-alikes (anything else arrives encoded). */
const printableAscii = /^[\x21-\x7e]+$/;
/** In the path, an encoded slash, backslash or control character is refused (in the query it is data). */
const encodedInPath = /%(2f|5c|[01][0-9a-f]|7f)/i;

/**
 * Where to go after signing in: only a path on this site, never another site and never back into the
 * sign-in pages. One check, complete on its own: the value must start with a single "/", hold no
 * backslash, control character, space, non-ASCII character or (in its path) encoded slash, backslash
 * or control character, and what it resolves to (dot segments removed: "/.//evil.example" resolves to
 * "//evil.example") must still be a path on this site. The resolved path is what is returned.
 */
export function safeReturnTo(value: unknown, fallback: string = paths.dashboard): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!printableAscii.test(value) || value.includes('\\')) return fallback;
  // A single "/" first: "//host" and "/\host" are other sites to a browser.
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  const pathPart = value.split(/[?#]/, 1)[0] ?? '';
  if (encodedInPath.test(pathPart)) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  const resolved = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== origin || !resolved.startsWith('/') || resolved.startsWith('//')) return fallback;
  if (new URL(resolved, origin).origin !== origin) return fallback;
  if (url.pathname === paths.signIn || url.pathname.startsWith(`${paths.signIn}/`)) return fallback;
  if (url.pathname === paths.signOut) return fallback;
  return resolved;
}
