import { createHash } from 'node:crypto';

/**
 * Rendered pages kept in memory, least recently used first out, up to a size in bytes. A page is kept
 * under a key made of everything it was made from (the versions of the records it read, the signed-in
 * person and their roles, the address and the day), so a kept page is only ever served for the same
 * inputs: a change to any record it shows raises a version (migration 0008_data_version_triggers) and
 * the next request makes the page again. Each process keeps its own; the versions are the database's.
 */
export class PageCache {
  readonly #entries = new Map<string, string>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): string | undefined {
    const html = this.#entries.get(key);
    if (html !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, html);
    }
    return html;
  }

  set(key: string, html: string): void {
    const bytes = Buffer.byteLength(html);
    if (!this.enabled || bytes > this.maxBytes / 4) return;
    this.delete(key);
    this.#entries.set(key, html);
    this.#bytes += bytes;
    for (const [oldest, kept] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= Buffer.byteLength(kept);
    }
  }

  delete(key: string): void {
    const kept = this.#entries.get(key);
    if (kept === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= Buffer.byteLength(kept);
  }
}

/** The key of a page: a digest of everything the page was made from. */
export const pageKey = (...parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url');

/**
 * Stands in a kept page for the form token, which differs on every response: the page is made with it
 * and each response gets a fresh token in its place. Letters and digits only, so escaping leaves it be.
 */
export const csrfPlaceholder = 'mhCsrfTokenPlaceholder7d41e0c9';
