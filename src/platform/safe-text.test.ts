import { describe, expect, it } from 'vitest';
import { renderSafeText } from './safe-text.ts';

describe('renderSafeText', () => {
  it('makes paragraphs and line breaks', () => {
    expect(renderSafeText('One\ntwo\n\nThree')).toBe(
      '<p class="govuk-body">One<br>two</p>\n<p class="govuk-body">Three</p>',
    );
    expect(renderSafeText('')).toBe('');
    expect(renderSafeText(null)).toBe('');
  });

  it('formats bold, italic and code', () => {
    expect(renderSafeText('A **bold** and *italic* `x < y`')).toBe(
      '<p class="govuk-body">A <strong>bold</strong> and <em>italic</em> <code>x &lt; y</code></p>',
    );
    expect(renderSafeText('2 * 3 * 4')).toBe('<p class="govuk-body">2 * 3 * 4</p>');
    expect(renderSafeText('`**not bold**`')).toBe('<p class="govuk-body"><code>**not bold**</code></p>');
  });

  it('links http(s) addresses only, with rel nofollow noopener', () => {
    expect(renderSafeText('See https://www.ncetm.org.uk/a?b=1&c=2.')).toBe(
      '<p class="govuk-body">See <a href="https://www.ncetm.org.uk/a?b=1&amp;c=2" class="govuk-link" rel="nofollow noopener noreferrer">https://www.ncetm.org.uk/a?b=1&amp;c=2</a>.</p>',
    );
    expect(renderSafeText('[the guide](http://example.org/g)')).toBe(
      '<p class="govuk-body"><a href="http://example.org/g" class="govuk-link" rel="nofollow noopener noreferrer">the guide</a></p>',
    );
    for (const text of [
      '[click](javascript:alert(1))',
      'javascript:alert(1)',
      '[x](data:text/html,<script>alert(1)</script>)',
      '[x](JAVASCRIPT:alert(1))',
    ]) {
      const html = renderSafeText(text);
      expect(html).not.toMatch(/<a /);
      expect(html).not.toMatch(/<script/i);
    }
  });

  it('escapes every HTML: script, attributes, entities, quotes in links', () => {
    const html = renderSafeText(
      '<script>alert(1)</script>\n<img src=x onerror="alert(1)">\n&amp; "quoted" \'single\'',
    );
    expect(html).toBe(
      '<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>&amp;amp; &quot;quoted&quot; &#39;single&#39;</p>',
    );
    const quoteBreak = renderSafeText('https://example.org/"onmouseover="alert(1)');
    expect(quoteBreak).not.toMatch(/href="[^"]*"onmouseover/);
    expect(quoteBreak).not.toContain('"onmouseover');
    expect(renderSafeText('**<b>x</b>**')).toBe(
      '<p class="govuk-body"><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>',
    );
    expect(renderSafeText('a\u0000b')).toBe('<p class="govuk-body">ab</p>');
  });

  it('makes lists and quotes', () => {
    expect(renderSafeText('Bring:\n- a pencil\n- *paper*')).toBe(
      '<p class="govuk-body">Bring:</p><ul class="govuk-list govuk-list--bullet"><li>a pencil</li><li><em>paper</em></li></ul>'.replace(
        '</p><ul',
        '</p>\n<ul',
      ),
    );
    expect(renderSafeText('> said\n> twice')).toBe(
      '<blockquote class="govuk-inset-text"><p class="govuk-body">said<br>twice</p></blockquote>',
    );
  });
});
