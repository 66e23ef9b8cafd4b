import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/modules/auth/api-tokens.ts';
import { recordVisit } from '../src/modules/evaluation/record-visit.ts';
import { publishReport, startReport } from '../src/modules/evaluation/report-write.ts';
import { createFeed } from '../src/modules/events/calendar-feed.ts';
import { fundingClaims } from '../src/modules/funding/schema.ts';
import { hubAreas } from '../src/modules/hubs/schema.ts';
import { applyForProgramme } from '../src/modules/llme/applications.ts';
import { recordCommunityMeeting } from '../src/modules/llme/community.ts';
import { roleAssignments } from '../src/modules/people/schema.ts';
import { interests } from '../src/modules/registration/schema.ts';
import { personActor, systemActor } from '../src/platform/audit.ts';
import type { RouteEntry } from '../src/platform/http/principal.ts';
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
import { makeHub, makeLocalAuthority, makePerson, makeSchool, signedInClient } from './support/factories.ts';
import { makeHappiEvidenceFile } from './support/happi-factories.ts';
import { surveyRouteParams } from './support/survey-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Odd values in every path and query parameter of every route (from the app's own route catalogue):
 * none may be a server error. A malformed or unknown id in a page's address is "Page not found"; in the
 * API a malformed value is 400 and a well-formed unknown one 404.
 */

/** Written into the address as they stand: `%00` reaches the route as a NUL, `%27` as a quote. */
const oddValues = [
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  '1.5',
  'abc',
  '%00',
  '%27',
  "'",
  '%22',
  '"',
  '../',
  '%2e%2e%2f',
  '',
  'x'.repeat(3000),
  '1%20OR%201=1',
  '%C0%AF',
  '2023-24%00',
  '%ED%A0%80',
  '%FF',
  '-0',
  '1e3',
  '0x10',
];
/** Values that stay in their path segment (an empty one, or dots, change the address itself). */
const inSegment = (value: string) => value !== '' && !value.includes('.');
/** Query names many pages read, sent to every page that declares none, in case one reads it anyway. */
const commonQueryNames = ['page', 'year', 'format', 'q', 'hub', 'sort', 'tab', 'returnTo'];

describe('malformed addresses are never server errors', () => {
  let t: TestContext;
  let adminId = 0;
  let participantId = 0;
  let adminToken = '';
  const params: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '384', name: 'Wakefield' });
    const hub = await makeHub(t.db, { slug: 'hub-a' }, [{ laCode: '383' }]);
    const [area] = await t.db.insert(hubAreas).values({ hubId: hub.id, laCode: '384' }).returning();
    const school = await makeSchool(t.db, { laCode: '383' });
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    adminId = admin.id;
    adminToken = (await createApiToken(t.db, systemActor('test'), { personId: admin.id, name: 'test' }))
      .token;
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
    const participant = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    participantId = participant.id;
    const [role] = await t.db
      .select()
      .from(roleAssignments)
      .where(eq(roleAssignments.personId, participant.id));
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
    const [interest] = await t.db
      .insert(interests)
      .values({ activityId: activity.id, hubId: hub.id, personId: participant.id, schoolUrn: school.urn })
      .returning();
    const event = await makeEvent(t.db, { hubId: hub.id, invite: [llme.id, participant.id] });
    const place = await givePlace(t.db, event.id, participant.id);
    const feedToken = await createFeed(t.db, personActor(admin.id), { personId: admin.id });
    const { id: tokenId } = await createApiToken(t.db, systemActor('test'), {
      personId: admin.id,
      name: 'to revoke',
    });
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
    // Evaluation reports: a published report of the hub whose action the LLME owns.
    const { reportId } = await startReport(t.db, systemActor('test'), {
      hubId: hub.id,
      content: {
        title: 'A report',
        yearCode: '2023/24',
        ncpKey: null,
        researchQuestions: ['What helps?'],
        context: 'Context',
        activityAndData: 'Visits',
        conclusion: 'Conclusion',
        themes: [
          {
            finding: 'A finding',
            implications: [{ text: 'Do it', ownerPersonId: llme.id, dueOn: '2024-03-14' }],
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
    // Visits (issue 15): a visit to the activity's school by its lead.
    const { visitId } = await recordVisit(t.db, personActor(llme.id), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2023-11-15',
      visitorIds: [llme.id],
      yearGroups: ['Year 2'],
      classesSeen: null,
      focus: 'Fluency',
      notes: null,
      actions: [],
      removedActionIds: [],
    });
    const evidence = await makeHappiEvidenceFile(t.db, {
      activityId: activity.id,
      hubId: hub.id,
      yearCode: '2023/24',
      personId: llme.id,
    });
    Object.assign(params, { fileId: String(evidence.fileId) });
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
    Object.assign(params, {
      meetingId: String(meetingId),
      applicationId: String(applicationId),
      visitId: String(visitId),
      claimId: String(claim!.id),
      interestId: String(interest!.id),
      eventId: String(event.id),
      connectToken: place.connectToken,
      feedToken,
      year: '2023-24',
      ncpCode: 'NCP23-09',
      activityId: String(activity.id),
      sessionId: String(session.id),
      enrolmentId: String(enrolment.id),
      urn: String(school.urn),
      slug: hub.slug,
      code: '383',
      areaId: String(area!.id),
      roleId: String(role!.id),
      hubId: String(hub.id),
      personId: String(participant.id),
      tokenId: String(tokenId),
      // Targeted Support: ids of no record (answered "not found"; the shapes are what is tried).
      referralId: '1',
      partnershipId: '1',
      // Documents and communities (issue 18): likewise ids (and a space's key) of no record.
      documentId: '1',
      versionId: '1',
      space: 'ncp-1',
      threadId: '1',
      messageId: '1',
      pageId: '1',
      revision: '1',
    });
  });
  afterAll(() => t?.close());

  /** A good value for each parameter, so that only the one being varied is odd. */
  const goodValue = (pattern: string, name: string): string => {
    if (name === 'id') {
      if (pattern.startsWith('/admin/hubs')) return params.hubId!;
      if (pattern.startsWith('/admin/people')) return params.personId!;
      if (pattern.startsWith('/activities') || pattern.startsWith('/api/v1/activities'))
        return params.activityId!;
      if (/^\/(api\/v1\/|organise\/)?events/.test(pattern)) return params.eventId!;
      return params.tokenId!;
    }
    if (name === 'code') return pattern.includes('/catalogue/') ? params.ncpCode! : params.code!;
    if (name === 'token') return pattern.startsWith('/calendar/') ? params.feedToken! : params.connectToken!;
    const value = params[name];
    if (!value) throw new Error(`No value for :${name} in ${pattern}: add one to this test`);
    return value;
  };
  const pathParamsOf = (pattern: string) => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const urlFor = (pattern: string, odd?: { name: string; value: string }) =>
    pattern.replace(/:(\w+)/g, (_m, name: string) =>
      odd?.name === name ? odd.value : encodeURIComponent(goodValue(pattern, name)),
    );

  interface Variation {
    url: string;
    where: 'path' | 'query';
    name: string;
    value: string;
  }
  /** Every address a route is tried at: each path parameter, then each query parameter, made odd. */
  const variationsOf = (route: RouteEntry): Variation[] => {
    const out: Variation[] = [];
    for (const name of pathParamsOf(route.url)) {
      for (const value of oddValues)
        out.push({ url: urlFor(route.url, { name, value }), where: 'path', name, value });
    }
    const queryNames = route.query.length > 0 ? route.query : route.method === 'GET' ? commonQueryNames : [];
    for (const name of queryNames) {
      for (const value of oddValues) {
        out.push({ url: `${urlFor(route.url)}?${name}=${value}`, where: 'query', name, value });
      }
    }
    return out;
  };

  interface Outcome {
    route: RouteEntry;
    method: string;
    variation: Variation;
    status: number;
  }

  async function tryEveryRoute(anonymous: boolean): Promise<Outcome[]> {
    const client = anonymous ? new TestClient(t.app) : await signedInClient(t.app, t.db, adminId);
    // One form token for every post (the double-submit cookie stays the same for the client).
    const csrf = await client.csrfFrom(anonymous ? '/sign-in' : '/account/password');
    const outcomes: Outcome[] = [];
    const routes = t.app.routeCatalogue.filter((r) => !anonymous || r.access === 'public');
    for (const route of routes) {
      const api = route.url.startsWith('/api/');
      const methods = route.method === 'POST' ? ['POST', 'GET'] : [route.method];
      for (const variation of variationsOf(route)) {
        for (const method of methods) {
          let response: LightMyRequestResponse;
          if (api) {
            response = await t.app.inject({
              method: method as 'GET' | 'POST',
              url: variation.url,
              headers: anonymous ? {} : { authorization: `Bearer ${adminToken}` },
              ...(method === 'POST' ? { payload: {} } : {}),
            });
          } else if (method === 'POST') {
            response = await client.post(variation.url, { _csrf: csrf });
          } else {
            response = await client.get(variation.url);
          }
          outcomes.push({ route, method, variation, status: response.statusCode });
        }
      }
    }
    return outcomes;
  }

  const describeOutcome = (o: Outcome) =>
    `${o.method} ${o.route.url} (${o.route.method} route) ${o.variation.where} ${o.variation.name}=${JSON.stringify(o.variation.value.slice(0, 30))} → ${o.status}`;

  it('answers numbers too large for an id, typed into forms, with a field error, never a server error', async () => {
    const tooLarge = '2147483648';
    const admin = await signedInClient(t.app, t.db, adminId);
    const person = `/admin/people/${params.personId}`;
    const adminForms: [string, Record<string, string>][] = [
      [`${person}/roles`, { role: 'participant', hubId: tooLarge }],
      [`${person}/roles`, { role: 'school_contact', hubId: params.hubId!, schoolUrn: tooLarge }],
      [`${person}/school`, { schoolUrn: tooLarge }],
      ['/admin/people/duplicates/merge', { keepPersonId: tooLarge, mergePersonId: params.personId! }],
      ['/admin/people/duplicates/merge', { keepPersonId: params.personId!, mergePersonId: tooLarge }],
    ];
    const participant = await signedInClient(t.app, t.db, participantId);
    const register = `/activities/${params.activityId}/register`;
    const participantForms: [string, Record<string, string>][] = [
      [register, { givenName: 'A', familyName: 'B', schoolUrn: tooLarge, roleInSchool: 'Class teacher' }],
      [register, { commitmentSchoolUrn: tooLarge, commitmentStatement: 'We commit.' }],
    ];
    const statuses: string[] = [];
    for (const [client, forms] of [
      [admin, adminForms],
      [participant, participantForms],
    ] as const) {
      const csrf = await client.csrfFrom('/account/password');
      for (const [url, fields] of forms) {
        const response = await client.post(url, { ...fields, _csrf: csrf });
        if (response.statusCode >= 500)
          statuses.push(`${url} ${JSON.stringify(fields)} → ${response.statusCode}`);
      }
    }
    const anonymous = new TestClient(t.app);
    const demo = await anonymous.submit('/sign-in/demo', { personId: tooLarge }, '/sign-in');
    if (demo.statusCode >= 500) statuses.push(`/sign-in/demo → ${demo.statusCode}`);
    expect(statuses).toEqual([]);
  });

  it('declares a schema for every path parameter of every route', () => {
    const undeclared = t.app.routeCatalogue
      .filter((r) => pathParamsOf(r.url).some((name) => !r.params.includes(name)))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('answers odd values in every address of every route without a server error, as a national administrator', async () => {
    const outcomes = await tryEveryRoute(false);
    const errors = outcomes.filter((o) => o.status >= 500);
    const patterns = new Set(errors.map((o) => `${o.route.method} ${o.route.url}`));
    console.log(
      `${outcomes.length} requests as a national administrator: ${errors.length} server errors on ${patterns.size} route patterns`,
    );
    expect(errors.map(describeOutcome)).toEqual([]);
    // A malformed or unknown id in a page's address is "Page not found"; the API says 400 or 404.
    const wrong = outcomes.filter(
      (o) =>
        o.method === o.route.method &&
        o.variation.where === 'path' &&
        inSegment(o.variation.value) &&
        (o.route.url.startsWith('/api/') ? ![400, 404].includes(o.status) : o.status !== 404),
    );
    expect(wrong.map(describeOutcome)).toEqual([]);
    // A page reads odd query values as their default (the first page, the usual sort, HTML, this year):
    // it answers as it does without them. Only a hub named in the address may be "not found", and a
    // NUL, which no text can hold, is refused with 400 and its reason (platform/input-checks.ts).
    const baseline = new Map<string, number>();
    for (const o of outcomes) {
      if (o.route.url.startsWith('/api/') || o.method !== 'GET' || o.route.method !== 'GET') continue;
      if (o.variation.where !== 'query' || o.variation.name === 'hub') continue;
      if (!baseline.has(o.route.url)) {
        const client = await signedInClient(t.app, t.db, adminId);
        baseline.set(o.route.url, (await client.get(urlFor(o.route.url))).statusCode);
      }
    }
    const unlike = outcomes.filter(
      (o) =>
        baseline.has(o.route.url) &&
        o.method === 'GET' &&
        o.variation.where === 'query' &&
        o.variation.name !== 'hub' &&
        !(o.status === 400 && o.variation.value.includes('%00')) &&
        o.status !== baseline.get(o.route.url),
    );
    expect(unlike.map((o) => `${describeOutcome(o)} (without it ${baseline.get(o.route.url)})`)).toEqual([]);
  }, 600_000);

  it('answers odd values in every public address without a server error, for someone not signed in', async () => {
    const outcomes = await tryEveryRoute(true);
    const errors = outcomes.filter((o) => o.status >= 500);
    console.log(`${outcomes.length} public requests: ${errors.length} server errors`);
    expect(errors.map(describeOutcome)).toEqual([]);
  }, 600_000);
});
