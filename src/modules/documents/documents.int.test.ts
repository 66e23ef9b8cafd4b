import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { StaleEditError } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { copyBlobsTo } from './copy-blobs.ts';
import { getDocument, listDocuments, readDocumentVersion, sendDocument } from './document-reads.ts';
import { addDocumentVersion, createDocument, DOCUMENT_MAX_BYTES, deleteDocument } from './documents.ts';
import { createSharedPage, editSharedPage, getRevision, getSharedPage } from './pages.ts';
import { documentBlobs } from './schema.ts';
import { PostgresBlobStore, sha256Hex } from './store.ts';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const docx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);

describe('documents with versions and shared pages (issue 18)', () => {
  let t: TestContext;
  let store: PostgresBlobStore;
  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresBlobStore(t.db);
  });
  afterAll(() => t.close());

  it('keeps every version, each downloadable, newest first; a deleted document leaves its history', async () => {
    const sam = await makePerson(t.db, [], { givenName: 'Sam', familyName: 'Patel' });
    const actor = personActor(sam.id);
    const owner = { ownerKind: 'event', ownerId: '41' };
    const { documentId, versionId: v1 } = await createDocument(
      t.db,
      actor,
      { ...owner, title: 'Handout', file: { filename: 'handout.pdf', bytes: pdf('one') } },
      { store },
    );
    const { versionId: v2, number } = await addDocumentVersion(
      t.db,
      actor,
      { documentId, file: { filename: 'handout v2.pdf', bytes: pdf('two') }, note: 'Typo fixed', version: 1 },
      { store },
    );
    expect(number).toBe(2);

    const doc = await getDocument(t.db, { documentId });
    expect(doc.title).toBe('Handout');
    expect(doc.versions.map((v) => [v.number, v.filename, v.note, v.uploadedByName])).toEqual([
      [2, 'handout v2.pdf', 'Typo fixed', 'Sam Patel'],
      [1, 'handout.pdf', null, 'Sam Patel'],
    ]);
    expect(doc.versions[0]!.sha256).toBe(sha256Hex(pdf('two')));
    const first = await readDocumentVersion(t.db, { versionId: v1, ...owner }, { store });
    const second = await readDocumentVersion(t.db, { versionId: v2, documentId }, { store });
    expect(first.bytes.toString()).toContain('one');
    expect(second.bytes.toString()).toContain('two');
    expect(first.contentType).toBe('application/pdf');

    const listed = await listDocuments(t.db, owner);
    expect(listed.map((d) => [d.id, d.latest.number, d.versionCount])).toEqual([[documentId, 2, 2]]);
    expect(await listDocuments(t.db, { ownerKind: 'event', ownerId: '42' })).toEqual([]);

    // Another owner's version is not found, even by its id.
    await expect(
      readDocumentVersion(t.db, { versionId: v1, ownerKind: 'event', ownerId: '42' }, { store }),
    ).rejects.toBeInstanceOf(NotFoundError);

    // A stale upload (made from version 1 after version 2 came) is refused and keeps no bytes.
    const blobsBefore = (await t.db.select().from(documentBlobs)).length;
    await expect(
      addDocumentVersion(
        t.db,
        actor,
        { documentId, file: { filename: 'late.pdf', bytes: pdf('late') }, version: 1 },
        { store },
      ),
    ).rejects.toBeInstanceOf(StaleEditError);
    expect((await t.db.select().from(documentBlobs)).length).toBe(blobsBefore);

    await deleteDocument(t.db, actor, { documentId });
    expect(await listDocuments(t.db, owner)).toEqual([]);
    await expect(readDocumentVersion(t.db, { versionId: v1 }, { store })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const kept = await getDocument(t.db, { documentId, includeDeleted: true });
    expect(kept.deletedAt).not.toBeNull();
    expect(kept.versions).toHaveLength(2);

    const logged = await t.db.select().from(eventLog).where(eq(eventLog.subjectType, 'document'));
    expect(logged.map((r) => r.action).sort()).toEqual([
      'document.created',
      'document.deleted',
      'document.version_added',
    ]);
  });

  it('decides the type by content: an HTML file named .pdf, SVG and executables are refused', async () => {
    const actor = personActor((await makePerson(t.db)).id);
    const refused = async (filename: string, bytes: Buffer) => {
      const error = await createDocument(
        t.db,
        actor,
        { ownerKind: 'event', ownerId: '7', file: { filename, bytes } },
        { store },
      ).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).errors[0]!;
    };
    const html = await refused('report.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.field).toBe('file');
    expect(html.message).toBe(
      'report.pdf is not a kind of file that can be uploaded: upload a PDF, a Word, Excel or PowerPoint file, a PNG, JPEG, GIF or WebP image, or a text or CSV file',
    );
    await refused(
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    );
    await refused('logo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
    await refused('setup.exe', Buffer.from('MZ\x90\x00\x03'));
    await refused('notes.txt', Buffer.from('<html>'.padEnd(10, '\u0001')));
    expect((await refused('empty.pdf', Buffer.alloc(0))).message).toBe('Select a file to upload');

    // Accepted kinds, typed by content whatever their name says.
    for (const [filename, bytes, type] of [
      ['photo.jpg', png, 'image/png'],
      ['pic.webp', webp, 'image/webp'],
      ['plan.docx', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['notes.csv', Buffer.from('a,b\n1,2\n'), 'text/csv; charset=utf-8'],
    ] as const) {
      const { versionId } = await createDocument(
        t.db,
        actor,
        { ownerKind: 'event', ownerId: '7', file: { filename, bytes } },
        { store },
      );
      expect((await readDocumentVersion(t.db, { versionId }, { store })).contentType).toBe(type);
    }
  });

  it('refuses a file over the size limit with a clear error', async () => {
    const actor = personActor((await makePerson(t.db)).id);
    const big = Buffer.concat([pdf('x'), Buffer.alloc(DOCUMENT_MAX_BYTES)]);
    const error = await createDocument(
      t.db,
      actor,
      { ownerKind: 'event', ownerId: '8', file: { filename: 'big.pdf', bytes: big } },
      { store },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual([
      {
        field: 'file',
        message: 'The file is larger than 20 MB, the most that can be uploaded: upload a smaller file',
      },
    ]);
  });

  it('serves a download with a safe name, attachment unless a safe image or PDF, nosniff and a sandbox', async () => {
    const app = Fastify();
    const files = {
      pdf: { filename: 'a"b/../c.pdf', contentType: 'application/pdf', bytes: pdf('x') },
      csv: { filename: 'names.csv', contentType: 'text/csv; charset=utf-8', bytes: Buffer.from('a,b') },
      docx: {
        filename: 'plan.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        bytes: docx,
      },
      webp: { filename: 'p.webp', contentType: 'image/webp', bytes: webp },
    };
    app.get<{ Params: { kind: keyof typeof files } }>('/f/:kind', (req, reply) =>
      sendDocument(reply, files[req.params.kind]),
    );
    const get = (kind: string) => app.inject({ method: 'GET', url: `/f/${kind}` });
    const p = await get('pdf');
    expect(p.headers['content-type']).toBe('application/pdf');
    expect(p.headers['content-disposition']).toBe(
      `inline; filename="a_b_.._c.pdf"; filename*=UTF-8''a_b_.._c.pdf`,
    );
    expect(p.headers['x-content-type-options']).toBe('nosniff');
    expect(p.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect((await get('csv')).headers['content-disposition']).toMatch(/^attachment; filename="names.csv"/);
    expect((await get('docx')).headers['content-disposition']).toMatch(/^attachment;/);
    expect((await get('webp')).headers['content-disposition']).toMatch(/^inline;/);
    await app.close();
  });

  it('keeps every revision of a shared page and refuses a stale edit', async () => {
    const ann = personActor((await makePerson(t.db, [], { givenName: 'Ann', familyName: 'Lee' })).id);
    const bob = personActor((await makePerson(t.db, [], { givenName: 'Bob', familyName: 'Ray' })).id);
    const { pageId, version } = await createSharedPage(t.db, ann, {
      ownerKind: 'community_space',
      ownerId: 3,
      title: 'Meeting notes',
      body: 'Agenda:\n- fractions',
    });
    expect(version).toBe(1);
    // Both open revision 1; Ann saves first; Bob's save from revision 1 is refused, nothing lost.
    expect(
      await editSharedPage(t.db, ann, { pageId, version: 1, body: 'Agenda:\n- fractions\n- **ratio**' }),
    ).toEqual({
      version: 2,
    });
    const stale = await editSharedPage(t.db, bob, { pageId, version: 1, body: 'Bob’s text' }).catch((e) => e);
    expect(stale).toBeInstanceOf(StaleEditError);
    expect(stale.current).toBe(2);
    await editSharedPage(t.db, bob, { pageId, version: 2, body: '<script>alert(1)</script> Bob’s text' });

    const page = await getSharedPage(t.db, { pageId, ownerKind: 'community_space', ownerId: '3' });
    expect(page.version).toBe(3);
    expect(page.current.body).toBe('<script>alert(1)</script> Bob’s text');
    expect(page.current.html).toBe(
      '<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt; Bob’s text</p>',
    );
    expect(page.revisions.map((r) => [r.number, r.editedByName])).toEqual([
      [3, 'Bob Ray'],
      [2, 'Ann Lee'],
      [1, 'Ann Lee'],
    ]);
    const second = await getRevision(t.db, { pageId, number: 2 });
    expect(second.html).toContain('<li><strong>ratio</strong></li>');
    await expect(getSharedPage(t.db, { pageId, ownerKind: 'event' })).rejects.toBeInstanceOf(NotFoundError);
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.subjectType, 'shared_page'));
    expect(logged.map((r) => r.action)).toEqual([
      'shared_page.created',
      'shared_page.edited',
      'shared_page.edited',
    ]);
  });

  it('copies every stored file to another store under the same key (moving to S3, ADR 0010)', async () => {
    const kept = new Map<string, Buffer>();
    const target = {
      put: async (key: string, bytes: Buffer) => void kept.set(key, bytes),
      get: async (key: string) => kept.get(key) ?? null,
      delete: async (key: string) => void kept.delete(key),
    };
    const rows = await t.db.select().from(documentBlobs);
    const { copied } = await copyBlobsTo(t.db, target);
    expect(copied).toBe(rows.length);
    for (const row of rows) expect(kept.get(row.key)?.equals(row.bytes)).toBe(true);
  });
});
