import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { applyRetention } from '../privacy/retention.ts';
import { documents, documentVersions } from './schema.ts';
import { S3BlobStore } from './store.ts';

const BUCKET = 'mathshubs-documents';

/**
 * The S3-compatible document store (ADR 0010) against a real S3-compatible server run in this process
 * (s3rver, keeping its objects in a temporary folder), through the whole app with DOCUMENT_STORE=s3: a
 * file sent with a message is put in the bucket; a refused message's file is deleted from it again (the
 * clean-up path); deleting a document keeps its objects; the retention schedule erases them 30 days on.
 * What the bucket holds is read with plain unsigned requests (s3rver serves them), not through our store.
 * s3rver checks the access key but not a SigV4 signature's value: the signing is tested against AWS's
 * published example in store.test.ts.
 */
describe('the S3-compatible document store, against an S3 server', () => {
  let t: TestContext;
  let server: S3rver;
  let endpoint = '';
  let folder = '';
  let space = '';
  let leadId = 0;
  const yearCode = academicYearOf(todayInEngland());
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n`);

  /** The keys in the bucket (ListObjects, unsigned). */
  const bucketKeys = async (): Promise<string[]> => {
    const res = await fetch(`${endpoint}/${BUCKET}?prefix=documents/`);
    expect(res.status).toBe(200);
    return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!).sort();
  };
  const objectStatus = async (key: string) => (await fetch(`${endpoint}/${BUCKET}/${key}`)).status;
  const blobKeys = async (documentId?: number) =>
    (
      await t.db
        .select({ key: documentVersions.blobKey })
        .from(documentVersions)
        .where(documentId === undefined ? undefined : eq(documentVersions.documentId, documentId))
    )
      .map((r) => r.key)
      .sort();

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'mh-s3rver-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: folder,
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    t = await createTestApp(
      {},
      {
        DOCUMENT_STORE: 's3',
        S3_ENDPOINT: endpoint,
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      },
    );
    expect(t.services.documentStore).toBeInstanceOf(S3BlobStore);
    const hub = await makeHub(t.db, { slug: 's3-hub', name: 'S3 Maths Hub' });
    leadId = (await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Lee' })).id;
    const ncp = await makeNcp(t.db, { yearCode, code: 'NCP26-09', title: 'Primary TfM Work Groups' });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode });
    await addLead(t.db, activity.id, leadId);
    space = `ncp-${ncp.id}`;
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps, serves and deletes objects by key, a missing one included', async () => {
    const store = t.services.documentStore;
    const key = 'documents/a key with spaces/é.pdf';
    await store.put(key, pdf('round trip'), 'application/pdf');
    expect((await store.get(key))?.toString()).toContain('round trip');
    expect(await objectStatus(encodeURI(key))).toBe(200);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    expect(await objectStatus(encodeURI(key))).toBe(404);
    await expect(store.delete('documents/never-there')).resolves.toBeUndefined();
  });

  it('puts a message’s file in the bucket and takes it out again when the message is refused', async () => {
    const lead = await signedInClient(t.app, t.db, leadId);
    const posted = await lead.upload(
      paths.communities.space(space),
      { title: 'Reasoning in Year 3', body: 'The prompts are attached.', when: 'now' },
      { name: 'prompts.pdf', bytes: pdf('prompts') },
    );
    expect(posted.statusCode).toBe(303);
    const kept = await blobKeys();
    expect(kept).toHaveLength(1);
    expect(await bucketKeys()).toEqual(kept);
    const [first] = await t.db.select({ id: documents.id }).from(documents);
    const documentHref = paths.communities.document(space, first!.id);
    const file = /href="([^"]+)" data-testid="version-1"/.exec((await lead.get(documentHref!)).body)![1]!;
    const served = await lead.get(file);
    expect(served.statusCode).toBe(200);
    expect(served.body).toContain('prompts');
    // A reply quoting a message of another thread is refused after the file was put: it is deleted.
    const [{ id: elsewhere }] = (
      await t.db.execute<{ id: number }>(sql`SELECT min(id) AS id FROM community_messages`)
    ).rows as [{ id: number }];
    const another = await lead.upload(
      paths.communities.space(space),
      { title: 'Another', body: 'Another thread', when: 'now' },
      { name: 'x.pdf', bytes: pdf('x') },
    );
    expect(another.statusCode).toBe(303);
    const newest = (await t.db.execute<{ id: number }>(sql`SELECT max(id) AS id FROM community_threads`))
      .rows[0]!.id;
    const before = await bucketKeys();
    expect(before).toHaveLength(2);
    const refused = await lead.upload(
      paths.communities.thread(newest),
      { body: 'Quoting the wrong thread', when: 'now', quote: String(elsewhere) },
      { name: 'y.pdf', bytes: pdf('y') },
    );
    expect(refused.statusCode).toBe(303);
    expect(await bucketKeys()).toEqual(before);
    expect(await blobKeys()).toEqual(before);
  });

  it('keeps a deleted document’s objects, and erases them 30 days after the deletion (the retention schedule)', async () => {
    const lead = await signedInClient(t.app, t.db, leadId);
    const [doc] = await t.db
      .select({ id: documents.id })
      .from(documents)
      .where(eq(documents.title, 'prompts.pdf'));
    const documentId = doc!.id;
    const documentUrl = paths.communities.document(space, documentId);
    const added = await lead.upload(
      `${documentUrl}?version=1`,
      {},
      { name: 'prompts v2.pdf', bytes: pdf('prompts two') },
    );
    expect(added.statusCode).toBe(303);
    const ours = await blobKeys(documentId);
    expect(ours).toHaveLength(2);
    const deleted = await lead.submit(paths.communities.deleteDocument(space, documentId), {}, documentUrl);
    expect(deleted.statusCode).toBe(303);
    // Soft: the objects are still in the bucket.
    for (const key of ours) expect(await objectStatus(key)).toBe(200);
    // 29 days on: still kept.
    const now = new Date();
    const days = (n: number) => new Date(now.getTime() + n * 24 * 3600_000);
    const at29 = await applyRetention(t.db, t.services, days(29));
    expect(at29.find((o) => o.id === 'deleted-document-files')?.count).toBe(0);
    for (const key of ours) expect(await objectStatus(key)).toBe(200);
    // 31 days on: erased from the bucket; the versions' records stay and say so; the others are untouched.
    const others = (await bucketKeys()).filter((k) => !ours.includes(k));
    const at31 = await applyRetention(t.db, t.services, days(31));
    expect(at31.find((o) => o.id === 'deleted-document-files')?.count).toBe(2);
    for (const key of ours) expect(await objectStatus(key)).toBe(404);
    expect(await bucketKeys()).toEqual(others);
    const versions = await t.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId));
    expect(versions.map((v) => [v.filename, v.bytesErasedAt !== null])).toEqual([
      ['prompts.pdf', true],
      ['prompts v2.pdf', true],
    ]);
    // Applied again: nothing more to do.
    const again = await applyRetention(t.db, t.services, days(32));
    expect(again.find((o) => o.id === 'deleted-document-files')?.count).toBe(0);
  });
});
