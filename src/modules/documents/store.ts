import { createHash, createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/database.ts';
import { documentBlobs } from './schema.ts';

export type { BlobStore } from '../../platform/blob-store.ts';

/** SHA-256 of bytes or text, in hex. */
export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * The default store: the `document_blobs` table, so a deployment needs nothing else and one backup holds
 * every file (ADR 0010).
 */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly db: Executor) {}

  async put(key: string, bytes: Buffer, _contentType: string): Promise<void> {
    const row = { key, bytes, size: bytes.length, sha256: sha256Hex(bytes) };
    await this.db
      .insert(documentBlobs)
      .values(row)
      .onConflictDoUpdate({
        target: documentBlobs.key,
        set: { bytes: row.bytes, size: row.size, sha256: row.sha256, createdAt: sql`now()` },
      });
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await this.db
      .select({ bytes: documentBlobs.bytes })
      .from(documentBlobs)
      .where(eq(documentBlobs.key, key));
    return row?.bytes ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.db.delete(documentBlobs).where(eq(documentBlobs.key, key));
  }
}

/** What signing a request needs. */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** Header names in any case; `host` is added from the URL when missing. */
  headers: Record<string, string>;
  /** The hex SHA-256 of the body (`x-amz-content-sha256`). */
  payloadHash: string;
}

/** `20130524T000000Z` */
export const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** RFC 3986 encoding as AWS wants it (every byte but unreserved characters). */
const encodeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * written with node:crypto: the canonical request, the string to sign and the `Authorization` header.
 * The request's headers must include `x-amz-date`. Paths are used as given (already encoded, as S3 wants:
 * S3 does not normalise or double-encode them).
 */
export function signV4(
  request: SigV4Request,
  credentials: SigV4Credentials,
): { authorization: string; canonicalRequest: string; stringToSign: string; signature: string } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  headers.host ??= request.url.host;
  const date = headers['x-amz-date'];
  if (!date) throw new Error('A signed request needs an x-amz-date header');
  const names = Object.keys(headers).sort();
  const query = [...request.url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    request.method,
    request.url.pathname || '/',
    query,
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    request.payloadHash,
  ].join('\n');
  const day = date.slice(0, 8);
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, day);
  const kRegion = hmac(kDate, credentials.region);
  const kService = hmac(kRegion, credentials.service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { authorization, canonicalRequest, stringToSign, signature };
}

export interface S3Options {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** For tests: the fetch to use and the clock. */
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2…), addressed path-style
 * (`{endpoint}/{bucket}/{key}`, which every S3-compatible service accepts), with plain `fetch` and
 * SigV4-signed requests. Objects are private; the platform serves them itself, checked by the owner's
 * policy, so no bucket policy or public URL is needed.
 */
export class S3BlobStore implements BlobStore {
  readonly #fetch: typeof fetch;
  readonly #now: () => Date;

  constructor(private readonly options: S3Options) {
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? (() => new Date());
  }

  #url(key: string): URL {
    const base = this.options.endpoint.replace(/\/+$/, '');
    const path = [this.options.bucket, ...key.split('/')].map(encodeRfc3986).join('/');
    return new URL(`${base}/${path}`);
  }

  async #send(method: string, key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = this.#url(key);
    const payloadHash = sha256Hex(body ?? '');
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-date': amzDate(this.#now()),
      'x-amz-content-sha256': payloadHash,
    };
    if (contentType) headers['content-type'] = contentType;
    const { authorization } = signV4(
      { method, url, headers, payloadHash },
      {
        accessKeyId: this.options.accessKeyId,
        secretAccessKey: this.options.secretAccessKey,
        region: this.options.region,
        service: 's3',
      },
    );
    const { host: _host, ...sent } = headers;
    return this.#fetch(url, {
      method,
      headers: { ...sent, authorization },
      body: body ? new Uint8Array(body) : undefined,
    });
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const res = await this.#send('PUT', key, bytes, contentType);
    if (!res.ok)
      throw new Error(`The document store refused to keep ${key}: ${res.status} ${await res.text()}`);
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.#send('GET', key);
    if (res.status === 404) return null;
    if (!res.ok)
      throw new Error(`The document store could not give ${key}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const res = await this.#send('DELETE', key);
    if (!res.ok && res.status !== 404)
      throw new Error(`The document store could not delete ${key}: ${res.status} ${await res.text()}`);
  }
}

/** The store the configuration asks for (`DOCUMENT_STORE`, ADR 0010). */
export function createBlobStore(config: Config, db: Executor): BlobStore {
  if (config.DOCUMENT_STORE === 's3')
    return new S3BlobStore({
      endpoint: config.S3_ENDPOINT!,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
      region: config.S3_REGION,
    });
  return new PostgresBlobStore(db);
}
