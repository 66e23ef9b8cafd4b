import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { govukInlineScriptHash } from './security-headers.ts';
import { projectRoot } from './views.ts';

const templates = (readdirSync(path.join(projectRoot, 'src'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.njk'))
  .map((file) => ({ file, text: readFileSync(path.join(projectRoot, 'src', file), 'utf8') }));

/** What the Content-Security-Policy (security-headers.ts) would refuse in a page, template by template. */
describe('templates under the Content-Security-Policy', () => {
  it('finds the templates', () => expect(templates.length).toBeGreaterThan(20));

  it.each([
    ['an inline script', /<script(?![^>]*\bsrc=)[^>]*>/i],
    ['an inline event handler', /<[a-z][^>]*\son[a-z]+\s*=/i],
    ['a style attribute', /\bstyle\s*=\s*\\?["']/i],
    ['a <style> element', /<style[\s>]/i],
    ['a javascript: address', /javascript:/i],
  ])('no template holds %s', (_what, pattern) => {
    expect(templates.filter((t) => pattern.test(t.text)).map((t) => t.file)).toEqual([]);
  });

  it('allows govuk-frontend’s one inline script by its hash', () => {
    expect(govukInlineScriptHash()).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });
});
