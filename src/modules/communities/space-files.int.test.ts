import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { DOCUMENT_MAX_BYTES } from '../documents/documents.ts';

/**
 * A space's files and pages (issue 18): a file sent with a message becomes a document of the space in
 * the message's transaction; shared pages (start, edit, a clash that loses nothing, history); deleting
 * a document after a confirmation page.
 */
describe('communities: files with messages, shared pages, deleting documents', () => {
  let t: TestContext;
  const yearCode = academicYearOf(todayInEngland());
  let space = '';
  const person: Record<string, number> = {};
  const client = async (name: string) => signedInClient(t.app, t.db, person[name]!);
  const count = async (table: 'documents' | 'document_blobs' | 'community_messages') =>
    (await t.db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0]!.n;
  const actions = async (action: string) =>
    (
      await t.db.execute<{ subject_id: string; actor_person_id: number }>(
        sql`SELECT subject_id, actor_person_id FROM event_log WHERE action = ${action} ORDER BY id`,
      )
    ).rows;
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n`);

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { slug: 'files-hub', name: 'Files Maths Hub' });
    const otherHub = await makeHub(t.db, { slug: 'files-other', name: 'Other Files Maths Hub' });
    person.lead = (await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Lee' })).id;
    person.other = (await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }], { givenName: 'Olu' })).id;
    person.third = (await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }], { givenName: 'Tam' })).id;
    person.outsider = (await makePerson(t.db, [{ role: 'participant', hubId: hub.id }])).id;
    const ncp = await makeNcp(t.db, { yearCode, code: 'NCP26-09', title: 'Primary TfM Work Groups' });
    for (const [name, hubId] of [
      ['lead', hub.id],
      ['other', otherHub.id],
      ['third', otherHub.id],
    ] as const) {
      const activity = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode, title: `WG ${name}` });
      await addLead(t.db, activity.id, person[name]!);
    }
    space = `ncp-${ncp.id}`;
  });
  afterAll(() => t?.close());

  it('stores a file sent with a new thread or a reply as a document of the space, in the same transaction', async () => {
    const lead = await client('lead');
    const posted = await lead.upload(
      paths.communities.space(space),
      { title: 'Reasoning in Year 3', body: 'The prompts are attached.', when: 'now' },
      { name: 'prompts.pdf', bytes: pdf('first version') },
    );
    expect(posted.statusCode).toBe(303);
    const threadUrl = posted.headers.location as string;
    const thread = await lead.get(threadUrl);
    const documentHref = /Attached: <a class="govuk-link" href="([^"]+)">prompts.pdf<\/a>/.exec(
      thread.body,
    )?.[1];
    expect(documentHref).toMatch(/\/documents\/\d+$/);
    const document = await lead.get(documentHref!);
    expect(document.statusCode).toBe(200);
    expect(document.body).toContain('data-testid="version-1"');
    expect((await lead.get(paths.communities.documents(space))).body).toContain('prompts.pdf');
    // A reply with a file of its own.
    const other = await client('other');
    const replied = await other.upload(
      threadUrl,
      { body: 'Ours, with answers', when: 'now' },
      { name: 'answers.docx.pdf', bytes: pdf('answers') },
    );
    expect(replied.statusCode).toBe(303);
    expect((await other.get(threadUrl)).body).toContain('>answers.docx.pdf</a>');
    const created = await actions('document.created');
    expect(created.map((r) => r.actor_person_id)).toEqual([person.lead, person.other]);
  });

  it('refuses a bad file or bad text with the error summary and the text kept, keeping nothing', async () => {
    const lead = await client('lead');
    const before = {
      documents: await count('documents'),
      blobs: await count('document_blobs'),
      messages: await count('community_messages'),
    };
    // A web page named .pdf: refused by its content; the text comes back.
    const html = await lead.upload(
      paths.communities.space(space),
      { title: 'A page', body: 'Look at this', when: 'now' },
      { name: 'page.pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
    );
    expect(html.statusCode).toBe(303);
    expect(html.headers.location).toBe(`${paths.communities.space(space)}#new-thread`);
    let page = await lead.get(paths.communities.space(space));
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('page.pdf is not a kind of file that can be uploaded');
    expect(page.body).toContain('value="A page"');
    expect(page.body).toContain('Look at this</textarea>');
    // An empty message and a file over the limit: both told at once, the title kept.
    const large = await lead.upload(
      paths.communities.space(space),
      { title: 'Too big', body: '', when: 'now' },
      { name: 'big.pdf', bytes: Buffer.concat([pdf('big'), Buffer.alloc(DOCUMENT_MAX_BYTES)]) },
    );
    expect(large.statusCode).toBe(303);
    page = await lead.get(paths.communities.space(space));
    expect(page.body).toContain('Enter your message');
    expect(page.body).toContain('The file is larger than 20 MB');
    expect(page.body).toContain('value="Too big"');
    // The same file on the documents page: the error summary there too (not an error page).
    const tooLarge = await lead.upload(
      paths.communities.documents(space),
      { title: 'Too big' },
      { name: 'big.pdf', bytes: Buffer.concat([pdf('big'), Buffer.alloc(DOCUMENT_MAX_BYTES)]) },
    );
    expect(tooLarge.statusCode).toBe(422);
    expect(tooLarge.body).toContain('The file is larger than 20 MB');
    // A reply whose quote is of another thread fails after the file was taken: nothing is kept.
    const [{ id: otherThreadMessage }] = (
      await t.db.execute<{ id: number }>(sql`SELECT min(id) AS id FROM community_messages`)
    ).rows as [{ id: number }];
    await lead.upload(
      paths.communities.space(space),
      { title: 'Another', body: 'Another thread', when: 'now' },
      { name: 'x.pdf', bytes: pdf('x') },
    );
    const newest = (await t.db.execute<{ id: number }>(sql`SELECT max(id) AS id FROM community_threads`))
      .rows[0]!.id;
    const afterOne = {
      documents: await count('documents'),
      blobs: await count('document_blobs'),
      messages: await count('community_messages'),
    };
    expect(afterOne).toEqual({
      documents: before.documents + 1,
      blobs: before.blobs + 1,
      messages: before.messages + 1,
    });
    const refused = await lead.upload(
      paths.communities.thread(newest),
      { body: 'Quoting the wrong thread', when: 'now', quote: String(otherThreadMessage) },
      { name: 'y.pdf', bytes: pdf('y') },
    );
    expect(refused.statusCode).toBe(303);
    expect(await count('documents')).toBe(afterOne.documents);
    expect(await count('document_blobs')).toBe(afterOne.blobs);
    expect(await count('community_messages')).toBe(afterOne.messages);
  });

  it('keeps shared pages: started and edited by any member, a clash losing nothing, every revision readable', async () => {
    const lead = await client('lead');
    const other = await client('other');
    const third = await client('third');
    expect((await lead.get(paths.communities.space(space))).body).toContain('data-testid="space-pages"');
    expect((await lead.get(paths.communities.pages(space))).body).toContain('data-testid="no-pages"');
    const empty = await lead.submit(paths.communities.pages(space), { title: '', body: 'Text' });
    expect(empty.statusCode).toBe(303);
    const refusedPage = await lead.get(paths.communities.pages(space));
    expect(refusedPage.body).toContain('Enter a title for the page');
    expect(refusedPage.body).toContain('Text</textarea>');
    const started = await lead.submit(paths.communities.pages(space), {
      title: 'Agreed approaches',
      body: 'We **agree** on this.\n\n<script>alert(1)</script>',
    });
    expect(started.statusCode).toBe(303);
    const pageUrl = started.headers.location as string;
    const shown = await other.get(pageUrl);
    expect(shown.body).toContain('<strong>agree</strong>');
    expect(shown.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown.body).not.toContain('<script>alert(1)');
    const editUrl = `${pageUrl}/edit`;
    // Olu and Tam both open the edit form at revision 1; Olu saves first.
    const oluForm = await other.get(editUrl);
    const tamForm = await third.get(editUrl);
    const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
    expect(oluForm.body).toContain('name="version" value="1"');
    const saved = await other.post(
      editUrl,
      { _csrf: csrfOf(oluForm.body), version: '1', title: 'Agreed approaches', body: 'Olu’s text' },
      { referer: `http://localhost${editUrl}` },
    );
    expect(saved.statusCode).toBe(303);
    const clash = await third.post(
      editUrl,
      { _csrf: csrfOf(tamForm.body), version: '1', title: 'Agreed approaches', body: 'Tam’s text' },
      { referer: `http://localhost${editUrl}` },
    );
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('data-testid="stale-edit"');
    expect(clash.body).toContain('Olu’s text');
    expect(clash.body).toContain('Tam’s text</textarea>');
    expect(clash.body).toContain('name="version" value="2"');
    // Tam saves again, on top, deliberately.
    const again = await third.post(
      editUrl,
      { _csrf: csrfOf(clash.body), version: '2', title: 'Agreed approaches', body: 'Tam’s text' },
      { referer: `http://localhost${editUrl}` },
    );
    expect(again.statusCode).toBe(303);
    const history = await lead.get(pageUrl);
    expect(history.body).toContain('Tam’s text');
    expect(history.body).toContain('data-testid="revision-1"');
    expect(history.body).toContain('data-testid="revision-2"');
    const first = await lead.get(paths.communities.pageRevision(space, pageUrl.split('/').pop()!, 1));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('data-testid="old-revision"');
    expect(first.body).toContain('<strong>agree</strong>');
    expect((await lead.get(`${pageUrl}/revisions/9`)).statusCode).toBe(404);
    expect((await actions('shared_page.created')).map((r) => r.actor_person_id)).toEqual([person.lead]);
    expect((await actions('shared_page.edited')).map((r) => r.actor_person_id)).toEqual([
      person.other,
      person.third,
    ]);
    // Someone not in the space: not found, by every address.
    const outsider = await client('outsider');
    for (const url of [paths.communities.pages(space), pageUrl, editUrl, `${pageUrl}/revisions/1`])
      expect((await outsider.get(url)).statusCode, url).toBe(404);
  });

  it('deletes a document after asking (its uploader or a lead); messages say it was removed; its bytes are kept', async () => {
    const lead = await client('lead');
    const posted = await lead.upload(
      paths.communities.space(space),
      { title: 'To be deleted', body: 'With a file', when: 'now' },
      { name: 'old.pdf', bytes: pdf('old') },
    );
    const threadUrl = posted.headers.location as string;
    const documentUrl = /Attached: <a class="govuk-link" href="([^"]+)">old.pdf/.exec(
      (await lead.get(threadUrl)).body,
    )![1]!;
    const documentId = documentUrl.split('/').pop()!;
    const file = /href="([^"]+)" data-testid="version-1"/.exec((await lead.get(documentUrl)).body)![1]!;
    const deleteUrl = paths.communities.deleteDocument(space, documentId);
    // Another member (not its uploader, not a lead): no link, and not found.
    const other = await client('other');
    expect((await other.get(documentUrl)).body).not.toContain('data-testid="delete-document"');
    expect((await other.get(deleteUrl)).statusCode).toBe(404);
    expect((await other.submit(deleteUrl, {}, documentUrl)).statusCode).toBe(404);
    // Its uploader: the link, a confirmation page (which changes nothing), then the deletion.
    expect((await lead.get(documentUrl)).body).toContain('data-testid="delete-document"');
    const confirm = await lead.get(deleteUrl);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Delete old.pdf?');
    expect((await lead.get(file)).statusCode).toBe(200);
    const blobs = await count('document_blobs');
    const deleted = await lead.submit(deleteUrl, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(paths.communities.documents(space));
    expect((await lead.get(paths.communities.documents(space))).body).not.toContain('>old.pdf</a>');
    expect((await lead.get(documentUrl)).statusCode).toBe(404);
    expect((await lead.get(file)).statusCode).toBe(404);
    const thread = await lead.get(threadUrl);
    expect(thread.body).toContain('The document attached to this message has been removed.');
    expect(thread.body).not.toContain('old.pdf');
    expect(await count('document_blobs')).toBe(blobs);
    const log = await actions('document.deleted');
    expect(log).toEqual([{ subject_id: documentId, actor_person_id: person.lead }]);
  });
});
