import { describe, expect, it } from 'vitest';
import { messageHtml } from './format.ts';

describe('message text', () => {
  it('shows HTML and script as text, with light formatting of its own', () => {
    const html = messageHtml(
      '<script>alert("x")</script>\n\n**bold** <b>not bold</b> <img src=x onerror=alert(1)>',
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<strong>bold</strong>');
  });
});
