/** Money is held in integer pence and shown as pounds: 1780000 → "£17,800", 1050 → "£10.50". */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`Not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '−' : '';
  const abs = Math.abs(pence);
  // Thousands grouped with commas, as en-GB writes them: without Intl, which took about a microsecond a
  // call (a national statement formats every line's explanation).
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  const rest = abs % 100;
  return `${sign}£${pounds}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** "£17,800", "£17,800.5", "17800" or "17,800.50" typed into a form, as pence; null if it is not money. */
export function parsePounds(text: string): number | null {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
