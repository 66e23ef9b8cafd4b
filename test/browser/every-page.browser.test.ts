import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThread } from '../../src/modules/communities/post-message.ts';
import { findSpace } from '../../src/modules/communities/spaces.ts';
import { createDocument } from '../../src/modules/documents/documents.ts';
import { createSharedPage, editSharedPage } from '../../src/modules/documents/pages.ts';
import { recordVisit } from '../../src/modules/evaluation/record-visit.ts';
import { publishReport, startReport } from '../../src/modules/evaluation/report-write.ts';
import { fundingClaims } from '../../src/modules/funding/schema.ts';
import { hubAreas } from '../../src/modules/hubs/schema.ts';
import { applyForProgramme } from '../../src/modules/llme/applications.ts';
import { recordCommunityMeeting } from '../../src/modules/llme/community.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { roleAssignments } from '../../src/modules/people/schema.ts';
import { interests } from '../../src/modules/registration/schema.ts';
import { decideReferral, referSchool } from '../../src/modules/targeted-support/referrals.ts';
import { personActor, systemActor } from '../../src/platform/audit.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../support/delivery-factories.ts';
import { givePlace, makeEvent } from '../support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { makeHappiEvidenceFile } from '../support/happi-factories.ts';
import { surveyRouteParams } from '../support/survey-factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** The widths every page is checked at: a desktop and the narrowest phone (WCAG 1.4.10, reflow). */
const WIDTHS = [1280, 320] as const;

/**
 * Words and values of the code, not the programme (issue 14): internal statuses, the specification's
 * section letters, a strand's slug, and times written "4:00pm" (the GOV.UK style is "4pm").
 */
const INTERNAL_WORDS = /\bName unverified\b|\bsection [A-Z]\b|\bprimary tfm\b|\b\d{1,2}:00 ?[ap]m\b/;

/**
 * What is wrong with the page's layout at each width: the page scrolling sideways (only a table's or a
 * chart's own region may), or a source file's name shown to people.
 */
async function layoutProblems(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth)
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest: '' };
      // The outermost element reaching beyond the screen, to say what makes the page scroll.
      let widest = '';
      for (const element of document.body.querySelectorAll('*')) {
        if (element.parentElement?.closest('.app-table-scroll, .app-chart-scroll')) continue;
        if (element.getBoundingClientRect().right > root.clientWidth + 1) {
          const id = element.getAttribute('data-testid') ?? element.id;
          widest = `${element.tagName.toLowerCase()}.${element.className}${id ? `#${id}` : ''}`.slice(0, 100);
          break;
        }
      }
      // Or the innermost element whose text runs out of it.
      if (!widest) {
        for (const element of document.body.querySelectorAll('*')) {
          if (element.parentElement?.closest('.app-table-scroll, .app-chart-scroll')) continue;
          if (element.closest('.govuk-visually-hidden')) continue;
          if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0)
            widest = `${element.tagName.toLowerCase()}.${element.className}: ${(element.textContent ?? '').trim().slice(0, 60)}`;
        }
      }
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
    });
    if (scrollWidth > clientWidth) {
      problems.push(`${url} scrolls sideways at ${width}px (${scrollWidth}px wide: ${widest})`);
      console.warn(problems.at(-1));
    }
  }
  await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  const text = await page.locator('body').innerText();
  const fileName = /\b[\w-]+\.(ts|njk|sql|md)\b/.exec(text);
  if (fileName) problems.push(`${url} shows a source file's name: ${fileName[0]}`);
  if (fileName) console.warn(problems.at(-1));
  const jargon = INTERNAL_WORDS.exec(text);
  if (jargon) problems.push(`${url} shows an internal word or value: "${jargon[0]}"`);
  if (jargon) console.warn(problems.at(-1));
  return problems;
}

/**
 * Every page of the app (every GET route that is not the API), opened in Chromium by someone allowed
 * to see it, and checked with axe, at 1280px and at 320px (no page may scroll sideways). Pages come
 * from the app's own route catalogue, so a new page is checked without anyone remembering to add it.
 */
describe.skipIf(!browserAvailable)('every page is accessible', () => {
  let t: BrowserContext;
  let adminId: number;
  /** People who may see the pages a national administrator may not: their own pages. */
  const otherPeople: number[] = [];
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const school = await makeSchool(t.db, { laCode: '383' });
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      email: `participant@${DEMO_EMAIL_DOMAIN}`,
      schoolUrn: school.urn,
    });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
      email: `llme@${DEMO_EMAIL_DOMAIN}`,
    });
    const contact = await makePerson(
      t.db,
      [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }],
      {
        email: `contact@${DEMO_EMAIL_DOMAIN}`,
      },
    );
    // Two LLMEs of the hub of one name, who may lead the activity: their radios' hints on the activity
    // page tell them apart by their email addresses, long ones, which must wrap at 320px.
    for (const n of [1, 2])
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        givenName: 'Sam',
        familyName: 'Same',
        email: `sam.same.work.group.lead.number.${n}@${DEMO_EMAIL_DOMAIN}`,
      });
    otherPeople.push(llme.id, participant.id, contact.id);
    const [role] = await t.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.personId, participant.id));
    const [area] = await t.db.select().from(hubAreas).limit(1);
    adminId = (await makePerson(t.db, [{ role: 'national_admin' }], { email: `admin@${DEMO_EMAIL_DOMAIN}` }))
      .id;
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary TfM Development Work Groups',
    });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
    await addLead(t.db, activity.id, llme.id);
    await addSchool(t.db, activity.id, school.urn);
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-10-10T13:30:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: participant.id,
      schoolUrn: school.urn,
    });
    await mark(t.db, session.id, enrolment.id, 'present');
    // Someone to reinstate (the reinstating pages): a school that withdrew, a participant who deferred.
    const withdrawnSchool = await makeSchool(t.db, { laCode: '383' });
    await addSchool(t.db, activity.id, withdrawnSchool.urn, 'withdrawn');
    const deferred = await enrol(t.db, {
      activityId: activity.id,
      personId: (await makePerson(t.db)).id,
      schoolUrn: school.urn,
      status: 'deferred',
    });
    const hubLead = await makePerson(
      t.db,
      [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }],
      {
        email: `hub-lead@${DEMO_EMAIL_DOMAIN}`,
      },
    );
    otherPeople.push(hubLead.id);
    // Interest to decline (the hub's confirmation page).
    const [interest] = await t.db
      .insert(interests)
      .values({ activityId: activity.id, hubId: hub.id, personId: participant.id, schoolUrn: school.urn })
      .returning();
    const [claim] = await t.db
      .insert(fundingClaims)
      .values({
        hubId: hub.id,
        yearCode: '2023/24',
        ncpCode: 'NCP23-09',
        kind: 'travel',
        claimantName: 'A Lead',
        amountPence: 1000,
        description: 'Travel',
      })
      .returning();
    // An event that has started (so its attendance form shows), with a place and requirements.
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      format: 'face_to_face',
      startsAt: new Date(Date.now() - 3600_000),
      invite: [participant.id],
    });
    await givePlace(t.db, event.id, participant.id);
    await givePlace(t.db, event.id, llme.id, 'attended');
    // An uploaded document of the event (`:documentId`; its versions are downloads, not pages).
    const eventFile = await createDocument(
      t.db,
      systemActor('test'),
      {
        ownerKind: 'event',
        ownerId: String(event.id),
        title: 'Slides',
        file: { filename: 'slides.pdf', bytes: Buffer.from('%PDF-1.4\n') },
      },
      { store: t.services.documentStore },
    );
    Object.assign(params, { documentId: String(eventFile.documentId) });
    // Surveys: a template, its window and the participant's invitation (`:templateId`, `:invitationId`, `:surveyToken`).
    Object.assign(
      params,
      await surveyRouteParams(t.db, {
        activityId: activity.id,
        hubId: hub.id,
        personId: participant.id,
        yearCode: '2023/24',
      }),
    );
    // Evaluation reports: a draft of the hub (its edit and publish pages show their forms), and a
    // published report whose action the LLME owns.
    const reportContent = (title: string) => ({
      title,
      yearCode: '2023/24',
      ncpKey: null,
      researchQuestions: ['Do ECTs see their pathway?'],
      context: 'The hub runs one ECT Work Group per local authority.',
      activityAndData: 'Sessions visited.',
      conclusion: 'Make the pathway clear at session 1.',
      themes: [
        {
          finding: 'Few participants knew the commitment.',
          implications: [
            { text: 'Outline the commitment at session 1.', ownerPersonId: llme.id, dueOn: '2024-03-14' },
          ],
        },
      ],
      evidence: [
        { kind: 'activity' as const, address: `/activities/${activity.id}`, label: 'The Work Group' },
      ],
      coauthorPersonIds: [llme.id],
    });
    const { reportId } = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: reportContent('A draft evaluation report'),
    });
    const published = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: reportContent('A published evaluation report'),
    });
    const [actionId] = (
      await publishReport(t.db, systemActor('test'), { reportId: published.reportId, version: 1 })
    ).actionIds;
    Object.assign(params, {
      reportId: String(reportId),
      actionId: String(actionId),
    });
    // Visits (issue 15): a visit to the activity's school by its lead, with an agreed action.
    const { visitId } = await recordVisit(t.db, personActor(llme.id), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2023-11-15',
      visitorIds: [llme.id],
      yearGroups: ['Year 2', 'Year 3'],
      classesSeen: '2B',
      focus: 'Fluency in number facts',
      notes: 'Pupils explained their reasoning.',
      actions: [
        {
          id: null,
          description: 'Plan',
          ownerPersonId: llme.id,
          ownerText: null,
          dueOn: '2023-12-01',
          status: 'open',
        },
      ],
      removedActionIds: [],
    });
    const evidence = await makeHappiEvidenceFile(t.db, {
      activityId: activity.id,
      hubId: hub.id,
      yearCode: '2023/24',
      personId: llme.id,
    });
    Object.assign(params, { fileId: String(evidence.fileId) });
    // Targeted Support (issue 16): a referral waiting (its decision form) and a partnership.
    await makeNcp(t.db, {
      yearCode: '2023/24',
      title: 'Targeted Support in Maths',
      type: 'intensive_support',
    });
    const referred = async (urn: number) =>
      (
        await referSchool(t.db, systemActor('test'), {
          urn,
          barriers: 'Leadership capacity',
          source: 'cold_spots',
          scope: { kind: 'all' },
          yearCode: '2023/24',
        })
      ).referralId;
    const { partnershipId } = await decideReferral(
      t.db,
      systemActor('test'),
      {
        referralId: await referred(school.urn),
        decision: {
          decision: 'intensive',
          ispPersonId: llme.id,
          ispCredentials: 'Accredited Mastery Specialist',
          schoolLeaders: 'Head teacher',
        },
        by: null,
      },
      { mailer: t.services.mailer },
    );
    Object.assign(params, {
      referralId: String(await referred((await makeSchool(t.db, { laCode: '383' })).urn)),
      partnershipId: String(partnershipId),
    });
    // LLME development programmes (issue 16): the participant's application through the hub.
    const { applicationId } = await applyForProgramme(t.db, personActor(participant.id), {
      programme: 'pd_lead',
      hubId: hub.id,
      statement: 'I lead maths at my school.',
      hubIds: [hub.id],
    });
    // The hub's LLME community: a meeting (its register's page).
    const { meetingId } = await recordCommunityMeeting(t.db, systemActor('test'), {
      hubId: hub.id,
      heldOn: '2023-11-20',
      title: 'Autumn meeting',
    });
    // Communities (issue 18): a thread in NCP23-09's space by the LLME who leads its Work Group.
    const ncpSpace = await findSpace(t.db, { kind: 'ncp', refId: ncp.id });
    const { threadId, messageId } = await startThread(
      t.db,
      personActor(llme.id),
      {
        space: ncpSpace!,
        title: 'Reasoning in Year 3',
        body: 'How do you start?\n\n<b>Not bold</b>',
        when: 'now',
      },
      t.services,
    );
    const spaceFile = await createDocument(
      t.db,
      personActor(llme.id),
      {
        ownerKind: 'community_space',
        ownerId: (await findSpace(t.db, { kind: 'ncp', refId: ncp.id }))!.spaceId!,
        title: 'Notes',
        file: { filename: 'notes.pdf', bytes: Buffer.from('%PDF-1.4\n') },
      },
      { store: t.services.documentStore },
    );
    // A shared page of that space, edited once (its page, history, a revision and its edit form).
    const sharedPage = await createSharedPage(t.db, personActor(llme.id), {
      ownerKind: 'community_space',
      ownerId: (await findSpace(t.db, { kind: 'ncp', refId: ncp.id }))!.spaceId!,
      title: 'Agreed approaches',
      body: 'We **agree**:\n\n- a number talk first\n- then the prompts',
    });
    await editSharedPage(t.db, personActor(llme.id), {
      pageId: sharedPage.pageId,
      version: sharedPage.version,
      body: 'We **agree**, mostly.',
    });
    Object.assign(params, {
      pageId: String(sharedPage.pageId),
      revision: '1',
      spaceDocumentId: String(spaceFile.documentId),
      space: `ncp-${ncp.id}`,
      threadId: String(threadId),
      messageId: String(messageId),
      meetingId: String(meetingId),
      applicationId: String(applicationId),
      visitId: String(visitId),
      claimId: String(claim!.id),
      interestId: String(interest!.id),
      eventId: String(event.id),
      year: '2023-24',
      ncpCode: 'NCP23-09',
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(school.urn),
      reinstateEnrolmentId: String(deferred.id),
      reinstateUrn: String(withdrawnSchool.urn),
      slug: hub.slug,
      code: '383',
      hubId: String(hub.id),
      personId: String(participant.id),
      roleId: String(role!.id),
      areaId: String(area!.id),
    });
  });
  afterAll(() => t?.close());

  const urlFor = (pattern: string) =>
    pattern.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'id') {
        if (pattern.startsWith('/admin/hubs')) return params.hubId!;
        if (pattern.startsWith('/activities')) return params.activityId!;
        if (/^\/(organise\/)?events/.test(pattern)) return params.eventId!;
        return params.personId!;
      }
      if (name === 'code') return pattern.includes('/catalogue/') ? params.ncpCode! : params.code!;
      if (pattern.endsWith('/reinstate') && (name === 'urn' || name === 'enrolmentId'))
        return name === 'urn' ? params.reinstateUrn! : params.reinstateEnrolmentId!;
      if (pattern.startsWith('/communities/') && name === 'documentId') return params.spaceDocumentId!;
      const value = params[name];
      if (!value) throw new Error(`No value for :${name} in ${pattern}: add one to this test`);
      return value;
    });

  it('has no axe violations and no sideways scrolling on any page, for the public and for a national administrator', async () => {
    const problems: string[] = [];
    const pages = t.app.routeCatalogue
      .filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'))
      // Calendar downloads (.ics), personal data files (.json), uploaded files and the Connect link (a
      // redirect to the video platform) are not pages.
      .filter(
        (r) =>
          !r.url.endsWith('.ics') &&
          !r.url.endsWith('.json') &&
          r.url !== '/events/connect/:token' &&
          r.url !== '/activities/:id/happi/files/:fileId' &&
          r.url !== '/events/:id/files/:documentId/versions/:versionId' &&
          r.url !== '/communities/spaces/:space/documents/:documentId/versions/:versionId',
      )
      .map((r) => ({ url: urlFor(r.url), isPublic: r.access === 'public' }));
    expect(pages.length).toBeGreaterThan(20);
    // Among them, a space's members' page (the front page only counts them).
    expect(pages.map((p) => p.url)).toContain(`/communities/spaces/${params.space}/members`);
    // Pages for a year with nothing on record: a page that says so (the catalogue, the report).
    pages.push(
      { url: '/catalogue/2035-36', isPublic: false },
      { url: '/reports/annual?year=2035-36', isPublic: false },
      { url: '/reports/hubs-compared?year=2035-36', isPublic: false },
      { url: '/reports/hubs-compared?sort=grant&order=desc', isPublic: false },
    );

    const anonymous = await t.browser.newContext();
    const publicPage = await anonymous.newPage();
    for (const page of pages.filter((p) => p.isPublic)) {
      const response = await publicPage.goto(`${t.baseUrl}${page.url}`);
      expect(response?.status(), page.url).toBeLessThan(400);
      await expectAccessible(publicPage);
      problems.push(...(await layoutProblems(publicPage, page.url)));
    }
    await anonymous.close();

    const signedIn = await t.browser.newContext();
    const page = await signedIn.newPage();
    const signIn = new SignInPage(page);
    await signIn.open(t.baseUrl);
    await signIn.useDemoAccount(adminId);
    const ownPages: string[] = [];
    for (const { url } of pages.filter((p) => !p.isPublic && !p.url.startsWith('/sign'))) {
      const response = await page.goto(`${t.baseUrl}${url}`);
      if (response?.status() === 403) {
        ownPages.push(url);
        continue;
      }
      expect(response?.status(), url).toBeLessThan(400);
      await expectAccessible(page);
      problems.push(...(await layoutProblems(page, url)));
    }
    // Pages of an LLME, a participant or a school contact: each opened by someone who may see it.
    for (const url of ownPages) {
      let seen = false;
      for (const personId of otherPeople) {
        const context = await t.browser.newContext();
        const own = await context.newPage();
        await new SignInPage(own).open(t.baseUrl);
        await new SignInPage(own).useDemoAccount(personId);
        const response = await own.goto(`${t.baseUrl}${url}`);
        if ((response?.status() ?? 500) < 400) {
          await expectAccessible(own);
          problems.push(...(await layoutProblems(own, url)));
          seen = true;
        }
        await context.close();
        if (seen) break;
      }
      expect(seen, `nobody could open ${url}`).toBe(true);
    }
    // The error pages too.
    const missing = await page.goto(`${t.baseUrl}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await expectAccessible(page);
    await signedIn.close();
    expect(problems).toEqual([]);
  }, 900_000); // every page, for several people: minutes on a busy machine
});
