/**
 * Text people write for others to read (shared pages, messages), shown with light formatting and never
 * as HTML: everything is HTML-escaped first, then a few marks become markup we write ourselves.
 *
 * - a blank line starts a new paragraph; a single line break stays a line break;
 * - `**bold**`, `*italic*`, `` `code` ``;
 * - links: bare `http://` or `https://` addresses, or `[text](https://…)`, opened with
 *   `rel="nofollow noopener noreferrer"`; any other scheme (javascript:, data:…) stays text;
 * - lines starting `- ` make a list; lines starting `> ` a quote.
 *
 * The result is safe to put in a page with Nunjucks' `| safe`.
 */

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

/** An escaped address made safe for an attribute: http(s) only (checked by the caller), no quotes left. */
const link = (href: string, label: string) =>
  `<a href="${href}" class="govuk-link" rel="nofollow noopener noreferrer">${label}</a>`;

/** Inline marks in one escaped line: code first (nothing inside it is formatted), then links, bold, italic. */
function inline(escaped: string): string {
  const parts = escaped.split(/(`[^`\n]+`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${part.slice(1, -1)}</code>`;
      let out = part;
      const kept: string[] = [];
      const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`;
      // [text](https://…): the address is already escaped (&amp; and no quotes or angle brackets).
      out = out.replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s()]+)\)/g, (_m, label: string, href: string) =>
        keep(link(href, label)),
      );
      out = out.replace(/\bhttps?:\/\/[^\s<]+[^\s<.,;:!?)\]'"&]/g, (href) => keep(link(href, href)));
      out = out.replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>');
      out = out.replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1<em>$2</em>');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the placeholder is a NUL pair.
      return out.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => kept[Number(n)]!);
    })
    .join('');
}

/** Renders text with light formatting as safe HTML (see above). */
export function renderSafeText(text: string | null | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is removed (it is the placeholder).
  const source = escapeHtml((text ?? '').replace(/\r\n?/g, '\n').replace(/\u0000/g, ''));
  const blocks = source.split(/\n\s*\n/).map((b) => b.replace(/^\n+|\n+$/g, ''));
  const html: string[] = [];
  for (const block of blocks) {
    if (!block.trim()) continue;
    const lines = block.split('\n');
    // Consecutive lines of a kind (list items, quoted lines, others) make one element each.
    let i = 0;
    while (i < lines.length) {
      const kindOf = (line: string) =>
        /^\s*- /.test(line) ? 'list' : /^\s*&gt; ?/.test(line) ? 'quote' : 'text';
      const kind = kindOf(lines[i]!);
      const run: string[] = [];
      while (i < lines.length && kindOf(lines[i]!) === kind) run.push(lines[i++]!);
      if (kind === 'list')
        html.push(
          `<ul class="govuk-list govuk-list--bullet">${run.map((l) => `<li>${inline(l.replace(/^\s*- /, ''))}</li>`).join('')}</ul>`,
        );
      else if (kind === 'quote')
        html.push(
          `<blockquote class="govuk-inset-text"><p class="govuk-body">${run.map((l) => inline(l.replace(/^\s*&gt; ?/, ''))).join('<br>')}</p></blockquote>`,
        );
      else html.push(`<p class="govuk-body">${run.map(inline).join('<br>')}</p>`);
    }
  }
  return html.join('\n');
}
