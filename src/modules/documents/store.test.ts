import { describe, expect, it } from 'vitest';
import { S3BlobStore, sha256Hex, signV4 } from './store.ts';

const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const example = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 's3',
};

/** AWS's published SigV4 examples ("Signature Calculations for the Authorization Header", Amazon S3). */
describe('SigV4 signing', () => {
  it('signs the GET Object example as AWS does', () => {
    expect(sha256Hex('')).toBe(emptyHash);
    const signed = signV4(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
        headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': emptyHash, 'x-amz-date': '20130524T000000Z' },
        payloadHash: emptyHash,
      },
      example,
    );
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${emptyHash}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        emptyHash,
      ].join('\n'),
    );
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('signs the GET Bucket Lifecycle example (a query string) as AWS does', () => {
    const signed = signV4(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/?lifecycle='),
        headers: { 'x-amz-content-sha256': emptyHash, 'x-amz-date': '20130524T000000Z' },
        payloadHash: emptyHash,
      },
      example,
    );
    expect(signed.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
  });

  it('talks to an S3-compatible store with signed PUT, GET and DELETE', async () => {
    const seen: { method: string; url: string; headers: Record<string, string> }[] = [];
    const objects = new Map<string, Buffer>();
    const fakeFetch = (async (input: URL, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push({ method: init.method!, url: String(input), headers });
      const key = String(input);
      if (init.method === 'PUT') objects.set(key, Buffer.from(init.body as Uint8Array));
      if (init.method === 'DELETE') objects.delete(key);
      if (init.method === 'GET') {
        const b = objects.get(key);
        return b ? new Response(new Uint8Array(b)) : new Response('no', { status: 404 });
      }
      return new Response('', { status: 200 });
    }) as unknown as typeof fetch;
    const store = new S3BlobStore({
      endpoint: 'https://s3.example.test/',
      bucket: 'docs',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      region: 'eu-west-2',
      fetch: fakeFetch,
      now: () => new Date('2026-01-08T10:00:00Z'),
    });
    await store.put('documents/1/a b.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(seen[0]!.url).toBe('https://s3.example.test/docs/documents/1/a%20b.pdf');
    expect(seen[0]!.headers['x-amz-date']).toBe('20260108T100000Z');
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(sha256Hex('%PDF-1.4'));
    expect(seen[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20260108\/eu-west-2\/s3\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect((await store.get('documents/1/a b.pdf'))?.toString()).toBe('%PDF-1.4');
    await store.delete('documents/1/a b.pdf');
    expect(await store.get('documents/1/a b.pdf')).toBeNull();
  });
});
