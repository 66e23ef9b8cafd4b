import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommunityDigest } from '../../src/modules/communities/digest.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { systemActor } from '../../src/platform/audit.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { paths } from '../../src/platform/paths.ts';
import { addLead, enrol, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * Communities (issue 18), the "done when" journey: an LLME who leads an NCP23-09 Work Group finds the
 * NCP's space and their hub's community space without being added; posts a question with a document;
 * another hub's LLME replies and boosts; a new version of the document is uploaded and the old one is
 * still there; the digest email next morning lists the activity; a participant of another activity
 * cannot open the space or the file by its address. Every page is checked with axe. The document goes
 * with the question through its form (a refused file first, the text kept); then a shared page started
 * and edited by two people, and the document deleted after a confirmation page.
 */
describe.skipIf(!browserAvailable)('communities in a browser', () => {
  let t: BrowserContext;
  let priyaId: number;
  let oluId: number;
  let patId: number;
  let ncpId: number;
  let hubId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const other = await makeHub(t.db, { slug: 'north-east', name: 'North East Maths Hub' }, [
      { laCode: '380' },
    ]);
    hubId = hub.id;
    const year = academicYearOf(todayInEngland());
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      code: 'NCP23-09',
      title: 'Primary TfM Development Work Groups',
    });
    const otherNcp = await makeNcp(t.db, { yearCode: year, title: 'Mastering Number' });
    ncpId = ncp.id;
    priyaId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `priya@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Priya',
        familyName: 'Shah',
      })
    ).id;
    oluId = (
      await makePerson(t.db, [{ role: 'llme', hubId: other.id, title: 'Mastery Specialist' }], {
        email: `olu@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Olu',
        familyName: 'Bello',
      })
    ).id;
    patId = (
      await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
        email: `pat@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Pat',
        familyName: 'Jones',
      })
    ).id;
    const wg = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Developing Mastery WG 1',
    });
    const otherWg = await makeActivity(t.db, {
      hubId: other.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'NE Mastery WG 1',
    });
    const mn = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: otherNcp.id,
      yearCode: year,
      title: 'Mastering Number 1',
    });
    await addLead(t.db, wg.id, priyaId);
    await addLead(t.db, otherWg.id, oluId);
    await enrol(t.db, { activityId: mn.id, personId: patId });
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number): Promise<Page> {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return page;
  }

  it('an LLME finds their spaces, asks with a document; another hub’s LLME replies, boosts and adds a version; the digest tells; others are kept out', async () => {
    // Priya finds both spaces without being added.
    const priya = await signedIn(priyaId);
    await priya.goto(`${t.baseUrl}${paths.dashboard}`);
    await priya.getByRole('link', { name: 'Your work' }).click();
    await priya.getByRole('link', { name: 'Communities' }).click();
    await priya.getByTestId(`space-ncp-${ncpId}`).waitFor();
    await priya.getByTestId(`space-hub-${hubId}`).waitFor();
    await expectAccessible(priya);
    await priya.getByTestId(`space-hub-${hubId}`).getByRole('link').click();
    await priya.getByTestId('no-threads').waitFor();
    await expectAccessible(priya);
    await priya.goto(`${t.baseUrl}${paths.communities.home}`);
    await priya.getByTestId(`space-ncp-${ncpId}`).getByRole('link').click();
    await expectAccessible(priya);

    // An empty question: the error summary, the title kept.
    await priya.getByTestId('thread-title').fill('Introducing reasoning in Year 3');
    await priya.getByTestId('start-thread').click();
    await priya.locator('.govuk-error-summary').waitFor();
    expect(await priya.getByTestId('thread-title').inputValue()).toBe('Introducing reasoning in Year 3');
    await expectAccessible(priya);
    // Her question with the document, through the form: a web page named .pdf is refused, the text kept.
    await priya
      .getByTestId('thread-body')
      .fill('How do you start? <script>alert(1)</script> The prompts are attached.');
    await priya.getByTestId('attach-file').setInputFiles({
      name: 'reasoning-prompts.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    await priya.getByTestId('start-thread').click();
    await priya
      .locator('.govuk-error-summary')
      .getByText('is not a kind of file that can be uploaded')
      .waitFor();
    expect(await priya.getByTestId('thread-body').inputValue()).toContain('The prompts are attached.');
    await expectAccessible(priya);
    await priya.getByTestId('attach-file').setInputFiles({
      name: 'reasoning-prompts.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\nfirst version\n'),
    });
    await priya.getByTestId('start-thread').click();
    await priya.getByTestId('page-heading').filter({ hasText: 'Introducing reasoning in Year 3' }).waitFor();
    expect(await priya.locator('article').first().innerText()).toContain('<script>alert(1)</script>');
    await expectAccessible(priya);
    const threadUrl = priya.url();
    // The file is a document of the space, with its first version.
    await priya.locator('article').first().getByRole('link', { name: 'reasoning-prompts.pdf' }).click();
    await priya.getByTestId('version-1').waitFor();
    await expectAccessible(priya);
    const documentUrl = priya.url();
    const firstVersion = `${t.baseUrl}${await priya.getByTestId('version-1').getAttribute('href')}`;

    // Olu (another hub) sees what is new, replies and boosts.
    const olu = await signedIn(oluId);
    await olu.goto(`${t.baseUrl}${paths.communities.whatsNew}`);
    await expectAccessible(olu);
    await olu.getByRole('link', { name: 'Introducing reasoning in Year 3' }).click();
    await olu
      .getByTestId('reply-body')
      .fill('We start with a **number talk**: see the prompts, version 2 has answers.');
    await olu.getByTestId('post-reply').click();
    await olu.locator('.govuk-notification-banner').waitFor();
    await expectAccessible(olu);
    const firstMessage = olu.locator('article').first();
    await firstMessage.getByRole('button', { name: /^Boost/ }).click();
    await olu.locator('article').first().getByText('1 boost').waitFor();
    await expectAccessible(olu);

    // Olu adds a version; the first is still there.
    await olu.goto(documentUrl);
    await olu.getByTestId('file').setInputFiles({
      name: 'reasoning-prompts-answers.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\nsecond version\n'),
    });
    await olu.getByLabel('What changed (optional)').fill('With answers');
    await olu.getByTestId('upload').click();
    await olu.getByTestId('version-2').waitFor();
    await olu.getByTestId('version-1').waitFor();
    await expectAccessible(olu);
    const old = await priya.request.get(firstVersion);
    expect(old.status()).toBe(200);
    expect(await old.text()).toContain('first version');

    // Priya sees the reply in the thread.
    await priya.goto(threadUrl);
    await priya.getByText('number talk').waitFor();
    await expectAccessible(priya);

    // A shared page: Priya starts it, Olu edits it, the history keeps both revisions.
    await priya.goto(`${t.baseUrl}${paths.communities.space(`ncp-${ncpId}`)}`);
    await priya.getByTestId('space-pages').click();
    await priya.getByTestId('no-pages').waitFor();
    await expectAccessible(priya);
    await priya.getByTestId('page-title').fill('Agreed approaches');
    await priya.getByTestId('page-body').fill('We **agree** on a number talk first.');
    await priya.getByTestId('start-page').click();
    await priya.getByTestId('page-text').getByText('agree').waitFor();
    await expectAccessible(priya);
    const sharedPageUrl = priya.url();
    await olu.goto(sharedPageUrl);
    await olu.getByTestId('edit-page').click();
    await expectAccessible(olu);
    await olu.getByTestId('page-body').fill('We **agree** on a number talk first, then the prompts.');
    await olu.getByTestId('save-page').click();
    await olu.getByTestId('page-text').getByText('then the prompts').waitFor();
    await olu.getByTestId('revision-1').click();
    await olu.getByTestId('old-revision').waitFor();
    await expectAccessible(olu);

    // The digest next morning lists the activity for Priya (Olu's reply) and not her own question.
    await sendCommunityDigest(t.db, systemActor('test'), t.services, { now: new Date(Date.now() + 1000) });
    const { rows } = await t.db.execute<{ text_body: string }>(
      sql`SELECT text_body FROM outbox WHERE to_address = ${`priya@${DEMO_EMAIL_DOMAIN}`}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text_body).toContain('Introducing reasoning in Year 3');
    expect(rows[0]!.text_body).toContain('Olu Bello: We start with a **number talk**');

    // Pat, a participant of another activity, is kept out of the space, the thread and the file.
    const pat = await signedIn(patId);
    for (const url of [
      `${t.baseUrl}${paths.communities.space(`ncp-${ncpId}`)}`,
      threadUrl,
      documentUrl,
      firstVersion,
    ]) {
      const response = await pat.goto(url);
      expect(response?.status(), url).toBe(404);
    }
    await expectAccessible(pat);

    // Priya deletes her document, after a confirmation page; her question says it was removed.
    await priya.goto(documentUrl);
    await priya.getByTestId('delete-document').click();
    await expectAccessible(priya);
    await priya.getByTestId('confirm-delete').click();
    await priya.getByTestId('no-documents').waitFor();
    await priya.goto(threadUrl);
    await priya.getByText('The document attached to this message has been removed.').waitFor();
    expect((await priya.request.get(firstVersion)).status()).toBe(404);
  });
});
