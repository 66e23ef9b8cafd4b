import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/modules/auth/api-tokens.ts';
import { loadCatalogue } from '../src/modules/catalogue/load-catalogue.ts';
import { shippedCatalogue } from '../src/modules/catalogue/shipped-catalogues.ts';
import { replyToThread, startThread } from '../src/modules/communities/post-message.ts';
import { findSpace } from '../src/modules/communities/spaces.ts';
import { createDocument } from '../src/modules/documents/documents.ts';
import { createSharedPage, editSharedPage } from '../src/modules/documents/pages.ts';
import { recordVisit } from '../src/modules/evaluation/record-visit.ts';
import { publishReport, startReport } from '../src/modules/evaluation/report-write.ts';
import { createFeed } from '../src/modules/events/calendar-feed.ts';
import { loadGrantRules } from '../src/modules/funding/load-grant-rules.ts';
import { fundingClaims } from '../src/modules/funding/schema.ts';
import { shippedRules } from '../src/modules/funding/shipped-rules.ts';
import { applyForProgramme } from '../src/modules/llme/applications.ts';
import { recordCommunityMeeting } from '../src/modules/llme/community.ts';
import { interests } from '../src/modules/registration/schema.ts';
import { decideReferral, referSchool } from '../src/modules/targeted-support/referrals.ts';
import { personActor, systemActor } from '../src/platform/audit.ts';
import { TestClient } from './support/client.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
} from './support/delivery-factories.ts';
import { givePlace, makeEvent } from './support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  type PersonRole,
  signedInClient,
} from './support/factories.ts';
import { makeHappiEvidenceFile } from './support/happi-factories.ts';
import { surveyRouteParams } from './support/survey-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Looking never writes: every GET route of the app (pages and API), opened by each kind of person on a
 * world with records behind every page (a hub whose year has grant rules but no stored statement yet, an
 * activity with schools, a lead, a participant, a session, an event with a place, a claim), leaves every
 * table exactly as it was: the same rows with the same values. A page view is not a change.
 *
 * What reading may change, each named below: the idle clocks of sessions and API tokens (kept alive
 * by being used) and
 * the log of a person's data produced for a subject access request (UK GDPR: a disclosure is recorded,
 * docs/privacy.md). No other table or event is exempt.
 */
const personas = [
  'anonymous',
  'nationalAdmin',
  'hubLeadership',
  'llme',
  'participant',
  'schoolContact',
  'ncpLead',
  'laPartner',
] as const;
type Persona = (typeof personas)[number];

/** Columns that reading may change: the idle clocks. */
const bookkeeping: Record<string, string> = { sessions: 'last_seen_at', api_tokens: 'last_used_at' };
/** Tables that are caches of what the records say, not records: none (the reports' rows of taking part
 * are kept by the writes, migration 0046, so no report refreshes anything when read). */
const caches = new Set<string>();
/** Events that record a disclosure, not a change: produced on a GET by design. */
const disclosures = ['person.data_produced'];

describe('looking never writes', () => {
  let t: TestContext;
  const ids = new Map<Persona, number>();
  const tokens = new Map<Persona, string>();
  const clients = new Map<Persona, TestClient>();
  const params: Record<string, string> = {};
  let tables: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'hub-a' }, [{ laCode: '383' }]);
    const school = await makeSchool(t.db, { laCode: '383' });
    const rolesOf: Record<Exclude<Persona, 'anonymous'>, PersonRole[]> = {
      nationalAdmin: [{ role: 'national_admin' }],
      hubLeadership: [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }],
      llme: [
        { role: 'llme', hubId: hub.id, title: 'Work Group Lead' },
        { role: 'intensive_support_partner', hubId: hub.id },
      ],
      participant: [{ role: 'participant', hubId: hub.id }],
      schoolContact: [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }],
      ncpLead: [{ role: 'ncp_project_lead', ncpKey: '11' }],
      laPartner: [{ role: 'la_partner', hubId: hub.id, laCode: '383' }],
    };
    for (const [persona, roles] of Object.entries(rolesOf) as [Persona, PersonRole[]][]) {
      const person = await makePerson(t.db, roles);
      ids.set(persona, person.id);
      tokens.set(
        persona,
        (await createApiToken(t.db, systemActor('test'), { personId: person.id, name: 't' })).token,
      );
      clients.set(persona, await signedInClient(t.app, t.db, person.id));
    }
    clients.set('anonymous', new TestClient(t.app));
    // A Mastery Readiness Work Group of the hub in a year with grant rules: its statement is not stored yet.
    const [ncp] = await t.db
      .execute<{ id: number }>(sql`SELECT id FROM ncps WHERE year_code = '2019/20' AND code = 'NCP 19-11'`)
      .then((r) => r.rows);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp!.id, yearCode: '2019/20' });
    await addLead(t.db, activity.id, ids.get('llme')!);
    await addSchool(t.db, activity.id, school.urn);
    const withdrawn = await makeSchool(t.db, { laCode: '383' });
    await addSchool(t.db, activity.id, withdrawn.urn, 'withdrawn');
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2019-10-10T13:30:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: activity.id,
      personId: ids.get('participant')!,
      schoolUrn: school.urn,
    });
    const [claim] = await t.db
      .insert(fundingClaims)
      .values({
        hubId: hub.id,
        yearCode: '2019/20',
        ncpCode: 'NCP 19-11',
        kind: 'travel',
        claimantName: 'A Lead',
        amountPence: 1000,
        description: 'Travel',
      })
      .returning();
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      invite: [ids.get('llme')!, ids.get('participant')!],
    });
    const place = await givePlace(t.db, event.id, ids.get('participant')!);
    // An uploaded document of the event (`:documentId`, `:versionId`).
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
    Object.assign(params, {
      documentId: String(eventFile.documentId),
      versionId: String(eventFile.versionId),
    });
    const [interest] = await t.db
      .insert(interests)
      .values({
        activityId: activity.id,
        hubId: hub.id,
        personId: ids.get('participant')!,
        schoolUrn: school.urn,
      })
      .returning();
    const feedOwner = await makePerson(t.db);
    const feedToken = await createFeed(t.db, personActor(feedOwner.id), { personId: feedOwner.id });
    // Surveys: a template, its window and the participant's invitation (`:templateId`, `:invitationId`, `:surveyToken`).
    Object.assign(
      params,
      await surveyRouteParams(t.db, {
        activityId: activity.id,
        hubId: hub.id,
        personId: ids.get('participant')!,
        yearCode: '2019/20',
      }),
    );
    // Evaluation reports: a published report of the hub whose action the LLME owns.
    const { reportId } = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: {
        title: 'A report',
        yearCode: '2019/20',
        ncpKey: null,
        researchQuestions: ['What helps?'],
        context: 'Context',
        activityAndData: 'Visits',
        conclusion: 'Conclusion',
        themes: [
          {
            finding: 'A finding',
            implications: [{ text: 'Do it', ownerPersonId: ids.get('llme')!, dueOn: '2020-03-14' }],
          },
        ],
        evidence: [],
        coauthorPersonIds: [],
      },
    });
    const [actionId] = (await publishReport(t.db, systemActor('test'), { reportId, version: 1 })).actionIds;
    Object.assign(params, {
      reportId: String(reportId),
      actionId: String(actionId),
    });
    // Visits (issue 15): a visit to the activity's school by its lead, with an agreed action.
    const { visitId } = await recordVisit(t.db, personActor(ids.get('llme')!), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2019-11-15',
      visitorIds: [ids.get('llme')!],
      yearGroups: ['Year 2'],
      classesSeen: null,
      focus: 'Fluency',
      notes: null,
      actions: [
        {
          id: null,
          description: 'Plan',
          ownerPersonId: null,
          ownerText: 'Subject leader',
          dueOn: '2019-12-01',
          status: 'open',
        },
      ],
      removedActionIds: [],
    });
    const evidence = await makeHappiEvidenceFile(t.db, {
      activityId: activity.id,
      hubId: hub.id,
      yearCode: '2019/20',
      personId: ids.get('llme')!,
    });
    Object.assign(params, { fileId: String(evidence.fileId) });
    // Targeted Support (issue 16): a referral waiting, and a partnership with the LLME as its ISP.
    await makeNcp(t.db, {
      yearCode: '2019/20',
      title: 'Targeted Support in Maths',
      type: 'intensive_support',
    });
    const referred = (urn: number) =>
      referSchool(t.db, systemActor('test'), {
        urn,
        barriers: 'Leadership capacity',
        source: 'other',
        scope: { kind: 'all' },
        yearCode: '2019/20',
      });
    const { referralId } = await referred(school.urn);
    const { partnershipId } = await decideReferral(
      t.db,
      systemActor('test'),
      {
        referralId,
        decision: {
          decision: 'intensive',
          ispPersonId: ids.get('llme')!,
          ispCredentials: 'Mastery Specialist',
          schoolLeaders: 'Head teacher',
        },
        by: null,
      },
      { mailer: t.services.mailer },
    );
    const waiting = await referred((await makeSchool(t.db, { laCode: '383' })).urn);
    Object.assign(params, {
      referralId: String(waiting.referralId),
      partnershipId: String(partnershipId),
    });
    // LLME development programmes (issue 16): the participant's application through the hub.
    const { applicationId } = await applyForProgramme(t.db, personActor(ids.get('participant')!), {
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
    // Communities (issue 18): a thread in the NCP's space by its LLME, and a reply of theirs waiting for
    // 8am whose time has come (only the job posts it: showing the thread must not).
    const ncpSpace = await findSpace(t.db, { kind: 'ncp', refId: ncp!.id });
    const { threadId } = await startThread(
      t.db,
      personActor(ids.get('llme')!),
      {
        space: ncpSpace!,
        title: 'A question',
        body: 'How do you start?',
        when: 'now',
      },
      t.services,
    );
    const { messageId } = await replyToThread(
      t.db,
      personActor(ids.get('llme')!),
      {
        thread: {
          threadId,
          title: 'A question',
          authorPersonId: ids.get('llme')!,
          published: true,
          pinned: false,
          answeredMessageId: null,
          spaceId: 0,
          space: { kind: 'ncp', refId: ncp!.id },
        },
        hubId: null,
        body: 'Later',
        when: 'morning',
      },
      t.services,
    );
    await t.db.execute(
      sql`UPDATE community_messages SET scheduled_for = now() - interval '1 hour' WHERE id = ${messageId}`,
    );
    const spaceFile = await createDocument(
      t.db,
      personActor(ids.get('llme')!),
      {
        ownerKind: 'community_space',
        ownerId: ncpSpace!.spaceId ?? (await findSpace(t.db, { kind: 'ncp', refId: ncp!.id }))!.spaceId!,
        title: 'Notes',
        file: { filename: 'notes.pdf', bytes: Buffer.from('%PDF-1.4\n') },
      },
      { store: t.services.documentStore },
    );
    // A shared page of that space, edited once (its pages and revisions are looked at).
    const sharedPage = await createSharedPage(t.db, personActor(ids.get('llme')!), {
      ownerKind: 'community_space',
      ownerId: (await findSpace(t.db, { kind: 'ncp', refId: ncp!.id }))!.spaceId!,
      title: 'Agreed approaches',
      body: 'We agree.',
    });
    await editSharedPage(t.db, personActor(ids.get('llme')!), {
      pageId: sharedPage.pageId,
      version: sharedPage.version,
      body: 'We agree, mostly.',
    });
    Object.assign(params, {
      pageId: String(sharedPage.pageId),
      revision: '1',
      spaceDocumentId: String(spaceFile.documentId),
      spaceVersionId: String(spaceFile.versionId),
      space: `ncp-${ncp!.id}`,
      threadId: String(threadId),
      messageId: String(messageId),
      meetingId: String(meetingId),
      applicationId: String(applicationId),
      visitId: String(visitId),
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(school.urn),
      withdrawnUrn: String(withdrawn.urn),
      claimId: String(claim!.id),
      interestId: String(interest!.id),
      eventId: String(event.id),
      connectToken: place.connectToken,
      feedToken,
      slug: hub.slug,
      hubId: String(hub.id),
      personId: String(ids.get('participant')),
      year: '2019-20',
      ncpCode: 'NCP 19-11',
      code: '383',
    });
    tables = (
      await t.db.execute<{ name: string }>(sql`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)
    ).rows.map((r) => r.name);
  });
  afterAll(() => t?.close());

  /** Every table's rows, as one fingerprint per table (bookkeeping columns left out). */
  async function snapshot(): Promise<Record<string, string>> {
    const parts = tables
      .filter((name) => !caches.has(name))
      .map((name) => {
        const row = bookkeeping[name] ? `(to_jsonb(t) - '${bookkeeping[name]}')::text` : 't::text';
        const where =
          name === 'event_log'
            ? `WHERE t.action NOT IN (${disclosures.map((a) => `'${a}'`).join(', ')})`
            : '';
        return `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(${row}, ',' ORDER BY ${row})), '') AS print FROM "${name}" t ${where}`;
      });
    const result = await t.db.execute<{ name: string; print: string }>(sql.raw(parts.join(' UNION ALL ')));
    return Object.fromEntries(result.rows.map((r) => [r.name, r.print]));
  }

  const urlFor = (pattern: string) =>
    pattern.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'id') {
        if (pattern.startsWith('/admin/hubs')) return params.hubId!;
        if (pattern.startsWith('/admin/people')) return params.personId!;
        if (pattern.startsWith('/activities') || pattern.startsWith('/api/v1/activities'))
          return params.activityId!;
        if (/^\/(api\/v1\/|organise\/)?events/.test(pattern)) return params.eventId!;
        return '999999';
      }
      if (pattern.endsWith('/reinstate') && name === 'urn') return params.withdrawnUrn!;
      if (name === 'code') return pattern.includes('/catalogue/') ? params.ncpCode! : params.code!;
      if (name === 'token')
        return pattern.startsWith('/calendar/') ? params.feedToken! : params.connectToken!;
      if (name === 'roleId' || name === 'areaId') return '999999';
      if (pattern.startsWith('/communities/') && (name === 'documentId' || name === 'versionId'))
        return name === 'documentId' ? params.spaceDocumentId! : params.spaceVersionId!;
      const value = params[name];
      if (!value) throw new Error(`No value for :${name} in ${pattern}: add one to this test`);
      return encodeURIComponent(value);
    });

  /** The hub's pages are opened for the world's hub and year, as the national team chooses them. */
  const withHubAndYear = (url: string) =>
    url.startsWith('/hub/') ||
    url === '/funding' ||
    url.startsWith('/funding/') ||
    url.startsWith('/reports/')
      ? `${url}${url.includes('?') ? '&' : '?'}hub=${params.slug}&year=${params.year}`
      : url;

  async function look(persona: Persona, url: string): Promise<number> {
    if (url.startsWith('/api/')) {
      const token = tokens.get(persona);
      const headers = token ? { authorization: `Bearer ${token}` } : {};
      return (await t.app.inject({ method: 'GET', url, headers })).statusCode;
    }
    const client = clients.get(persona)!;
    return (await client.get(persona === 'anonymous' ? url : withHubAndYear(url))).statusCode;
  }

  it('GET on every page and API route, by every kind of person, changes no row of any table', async () => {
    const routes = t.app.routeCatalogue.filter((r) => r.method === 'GET').map((r) => r.url);
    expect(routes.length).toBeGreaterThan(50);
    const writers: Record<string, string[]> = {};
    let seen = 0;
    for (const pattern of routes) {
      const url = urlFor(pattern);
      const before = await snapshot();
      const answers: string[] = [];
      for (const persona of personas) answers.push(`${persona} ${await look(persona, url)}`);
      const after = await snapshot();
      const changed = tables.filter((name) => before[name] !== after[name]);
      if (changed.length) writers[`GET ${pattern}`] = changed;
      if (answers.some((a) => a.endsWith(' 200'))) seen++;
    }
    expect(writers).toEqual({});
    // The world has records behind most pages: most routes answered someone with a page.
    expect(seen).toBeGreaterThan(routes.length * 0.6);
  }, 600_000);
});
