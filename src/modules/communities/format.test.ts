import { describe, expect, it } from 'vitest';
import { messageHtml } from './format.ts';

describe('message text', () => {
  it('shows HTML and script as text, keeping paragraphs and line breaks', () => {
    expect(messageHtml('<script>alert("x")</script>\nline two\n\n<b>bold</b> & more')).toBe(
      '<p class="govuk-body">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>line two</p><p class="govuk-body">&lt;b&gt;bold&lt;/b&gt; &amp; more</p>',
    );
  });
});
