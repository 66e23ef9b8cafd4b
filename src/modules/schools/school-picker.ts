import { z } from 'zod';

const INT32_MAX = 2_147_483_647;
const urn = z.coerce.number().int().min(1).max(INT32_MAX).optional().catch(undefined);

/** The URN the school search page sent back to a form (`?schoolUrn=100000`); anything else is none. */
export const urnQuery = z
  .object({ schoolUrn: urn })
  .catch({ schoolUrn: undefined })
  .default({ schoolUrn: undefined });

/** The URN in a field of a page's address (`?urn=100000` for a field named `urn`), or undefined. */
export function pickedUrn(query: unknown, field = 'schoolUrn'): number | undefined {
  const value = (query as Record<string, unknown> | null | undefined)?.[field];
  return urn.parse(value);
}

/**
 * A form's address with the URN that was posted in `field`, so the form shown again after an error names
 * the school (and warns again if it is outside the hub's area). Without a URN, the form's own address.
 */
export function withChosenUrn(formUrl: string, body: unknown, field = 'schoolUrn'): string {
  const posted = (body as Record<string, unknown> | null | undefined)?.[field];
  const value = typeof posted === 'string' ? posted.trim() : '';
  if (!/^\d{1,9}$/.test(value)) return formUrl;
  return `${formUrl}${formUrl.includes('?') ? '&' : '?'}${field}=${Number(value)}`;
}
