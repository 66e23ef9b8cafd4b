import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNcp } from '../../../test/support/delivery-factories.ts';
import { givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { signInHubLead } from '../../../test/support/hub-factories.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { getDocument, listDocuments } from '../documents/document-reads.ts';
import { programmeEvents } from './schema.ts';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);

/** An event's uploaded documents (issue 18): its organiser uploads versions; those with a place download. */
describe('event documents', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('the organiser uploads a document and a new version; people with a place download each version', async () => {
    const hub = await makeHub(t.db, { slug: 'files-hub' });
    const other = await makeHub(t.db, { slug: 'other-files-hub' });
    const lead = await signInHubLead(t.app, t.db, hub.id);
    const otherLead = await signInHubLead(t.app, t.db, other.id);
    const seated = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const invited = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      title: 'Fractions day',
      invite: [seated.id, invited.id],
    });
    await givePlace(t.db, event.id, seated.id);
    const participant = await signedInClient(t.app, t.db, seated.id);
    const notSeated = await signedInClient(t.app, t.db, invited.id);

    // The manage page links to the upload page.
    const manage = await lead.client.get(paths.events.manage(event.id));
    expect(manage.body).toContain(`href="${paths.events.newFile(event.id)}"`);

    // HTML named .pdf is refused by its content, the page shown again with the reason.
    const refused = await lead.client.upload(
      paths.events.newFile(event.id),
      { title: 'Slides' },
      { name: 'slides.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('slides.pdf is not a kind of file that can be uploaded');
    expect(refused.body).toContain('value="Slides"');
    const noFile = await lead.client.upload(
      paths.events.newFile(event.id),
      {},
      { name: '', bytes: Buffer.alloc(0) },
    );
    expect(noFile.statusCode).toBe(422);
    expect(noFile.body).toContain('Select a file to upload');

    const created = await lead.client.upload(
      paths.events.newFile(event.id),
      { title: 'Slides' },
      { name: 'slides.pdf', bytes: pdf('first') },
    );
    expect(created.statusCode).toBe(303);
    const [doc] = await listDocuments(t.db, { ownerKind: 'event', ownerId: String(event.id) });
    expect(doc!.title).toBe('Slides');
    expect(created.headers.location).toBe(paths.events.file(event.id, doc!.id));

    const second = await lead.client.upload(
      paths.events.file(event.id, doc!.id),
      { note: 'Answers added' },
      { name: 'slides-v2.pdf', bytes: pdf('second') },
    );
    expect(second.statusCode).toBe(303);
    // An upload from a page made before version 2 (its address says version 1) is refused: nothing lost.
    const before = await lead.client.get(paths.events.file(event.id, doc!.id));
    const token = /name="_csrf" value="([^"]+)"/.exec(before.body)![1]!;
    const stale = multipartBody({ _csrf: token }, { name: 'late.pdf', bytes: pdf('late') });
    const late = await t.app.inject({
      method: 'POST',
      url: `${paths.events.file(event.id, doc!.id)}?version=1&_csrf=${encodeURIComponent(token)}`,
      payload: stale.payload,
      headers: {
        // The client's session cookie (its upload helper always posts the page's current version).
        cookie: (lead.client as unknown as { cookieHeader(): string }).cookieHeader(),
        'content-type': stale.contentType,
      },
    });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Someone else uploaded a new version while you were choosing yours');
    const page = await lead.client.get(paths.events.file(event.id, doc!.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('slides-v2.pdf');
    expect(page.body).toContain('Answers added');
    const [latest] = await listDocuments(t.db, { ownerKind: 'event', ownerId: String(event.id) });
    expect(latest!.versionCount).toBe(2);
    const v2 = latest!.latest.id;
    const v1Id = (await getDocument(t.db, { documentId: doc!.id })).versions[1]!.id;

    // The participant sees it on the event's documents tab and downloads both versions.
    const tab = await participant.get(`${paths.events.show(event.id)}?tab=documents`);
    expect(tab.body).toContain(`href="${paths.events.fileVersion(event.id, doc!.id, v2)}"`);
    const download = await participant.get(paths.events.fileVersion(event.id, doc!.id, v2));
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('second');
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `inline; filename="slides-v2.pdf"; filename*=UTF-8''slides-v2.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toMatch(/^sandbox/);
    expect((await participant.get(paths.events.fileVersion(event.id, doc!.id, v1Id))).body).toContain(
      'first',
    );

    // Not without a place; not another hub's lead; not through another event's address.
    expect((await notSeated.get(paths.events.fileVersion(event.id, doc!.id, v2))).statusCode).toBe(404);
    expect((await otherLead.client.get(paths.events.fileVersion(event.id, doc!.id, v2))).statusCode).toBe(
      404,
    );
    expect((await otherLead.client.get(paths.events.file(event.id, doc!.id))).statusCode).toBe(404);
    const otherEvent = await makeEvent(t.db, { hubId: hub.id, invite: [seated.id] });
    await givePlace(t.db, otherEvent.id, seated.id);
    expect((await participant.get(paths.events.fileVersion(otherEvent.id, doc!.id, v2))).statusCode).toBe(
      404,
    );
    // A participant cannot upload.
    expect((await participant.post(paths.events.newFile(event.id), {})).statusCode).toBe(403);

    // Deleting asks first; then it is gone for everyone.
    const unconfirmed = await lead.client.submit(paths.events.deleteFile(event.id, doc!.id), {});
    expect(unconfirmed.statusCode).toBe(303);
    expect(await listDocuments(t.db, { ownerKind: 'event', ownerId: String(event.id) })).toHaveLength(1);
    const deleted = await lead.client.submit(paths.events.deleteFile(event.id, doc!.id), { confirm: 'yes' });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`${paths.events.manage(event.id)}#documents`);
    expect(await listDocuments(t.db, { ownerKind: 'event', ownerId: String(event.id) })).toEqual([]);
    expect((await participant.get(paths.events.fileVersion(event.id, doc!.id, v2))).statusCode).toBe(404);
  });

  it('an NCP’s own team upload their national workshop’s documents, as they add its links', async () => {
    const ncp = await makeNcp(t.db, { code: 'NCP23-31' });
    const workshop = await makeEvent(t.db, { hubId: null, title: 'National workshop for Work Group Leads' });
    await t.db.update(programmeEvents).set({ ncpId: ncp.id }).where(eq(programmeEvents.id, workshop.id));
    const lead = await makePerson(t.db, [{ role: 'ncp_project_lead', ncpKey: '31' }]);
    const client = await signedInClient(t.app, t.db, lead.id);
    const manage = await client.get(paths.events.manage(workshop.id));
    expect(manage.statusCode).toBe(200);
    // The page offers the upload; following it must not end in a refusal.
    expect(manage.body).toContain(`href="${paths.events.newFile(workshop.id)}"`);
    expect((await client.get(paths.events.newFile(workshop.id))).statusCode).toBe(200);
    const created = await client.upload(
      paths.events.newFile(workshop.id),
      { title: 'Workshop slides' },
      { name: 'slides.pdf', bytes: pdf('workshop') },
    );
    expect(created.statusCode).toBe(303);
    const [doc] = await listDocuments(t.db, { ownerKind: 'event', ownerId: String(workshop.id) });
    expect(doc!.title).toBe('Workshop slides');
    expect((await client.get(paths.events.file(workshop.id, doc!.id))).statusCode).toBe(200);
    // Another NCP's team may not.
    const other = await makePerson(t.db, [{ role: 'ncp_project_lead', ncpKey: '32' }]);
    const otherClient = await signedInClient(t.app, t.db, other.id);
    expect((await otherClient.get(paths.events.newFile(workshop.id))).statusCode).toBeGreaterThanOrEqual(403);
  });
});
