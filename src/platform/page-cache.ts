import { createHash } from 'node:crypto';

/**
 * Rendered pages kept in memory, least recently used first out, up to a size in bytes. A page is kept
 * under a key made of everything it was made from (the versions of the records it read, the signed-in
 * person and their roles, the address and the day), so a kept page is only ever served for the same
 * inputs: a change to any record it shows raises a version (migration 0008_data_version_triggers) and
 * the next request makes the page again. Each process keeps its own; the versions are the database's.
 */
export class PageCache {
  readonly #entries = new Map<string, KeptPage>();
  readonly #making = new Map<string, Promise<KeptPage>>();
  #bytes = 0;

  readonly maxBytes: number;
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The page kept under `key`, or the one `make` makes (kept if it fits). Requests that miss the same
   * key at once wait for one making of the page: after a change, the many people reading a page do not
   * all make it again together.
   */
  async get(key: string, make: () => Promise<string>): Promise<{ page: KeptPage; kept: boolean }> {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return { page: found, kept: true };
    }
    let making = this.#making.get(key);
    if (making) return { page: await making, kept: true };
    making = make().then((html) => {
      const page = new KeptPage(html);
      this.#set(key, page);
      return page;
    });
    this.#making.set(key, making);
    try {
      return { page: await making, kept: false };
    } finally {
      this.#making.delete(key);
    }
  }

  #set(key: string, page: KeptPage): void {
    if (!this.enabled || page.bytes > this.maxBytes / 4) return;
    const old = this.#entries.get(key);
    if (old) this.#bytes -= old.bytes;
    this.#entries.set(key, page);
    this.#bytes += page.bytes;
    for (const [oldest, kept] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= kept.bytes;
    }
  }
}

/**
 * A kept page as UTF-8 bytes, cut where the form token goes: a response joins the pieces around a fresh
 * token, without encoding the page again.
 */
export class KeptPage {
  readonly #pieces: Buffer[];
  readonly bytes: number;

  constructor(html: string) {
    this.#pieces = html.split(csrfPlaceholder).map((piece) => Buffer.from(piece));
    this.bytes = this.#pieces.reduce((sum, piece) => sum + piece.length, 0);
  }

  /** The page with `csrfToken` wherever the form token goes. */
  with(csrfToken: string): Buffer {
    if (this.#pieces.length === 1) return this.#pieces[0]!;
    const token = Buffer.from(csrfToken);
    const parts: Buffer[] = [this.#pieces[0]!];
    for (const piece of this.#pieces.slice(1)) parts.push(token, piece);
    return Buffer.concat(parts);
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
