/**
 * How a message's text is shown: never as HTML from its author. Until the platform's `renderSafeText`
 * (src/platform/safe-text.ts, from the documents work) lands, the text is escaped and only its
 * paragraphs and line breaks are kept; when it lands, `messageHtml` calls it instead (one place).
 */
const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/** The message as safe HTML: escaped text in paragraphs, single line breaks kept. */
export function messageHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p class="govuk-body">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
