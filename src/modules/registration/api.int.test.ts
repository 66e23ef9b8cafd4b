import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo, mailCount } from '../../../test/support/auth-helpers.ts';
import { makeActivity, makeNcp, makeSession, mark } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { people } from '../people/schema.ts';

let t: TestContext;
let hub: { id: number; slug: string; name: string };
let otherHub: { id: number; slug: string };
let school: { urn: number; name: string };
let leaderToken: string;
let otherLeaderToken: string;

const tokenFor = async (personId: number) =>
  (await createApiToken(t.db, systemActor('test'), { personId, name: 'test' })).token;

const api = (method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

beforeAll(async () => {
  t = await createTestApp();
  const la = await makeLocalAuthority(t.db);
  hub = await makeHub(t.db, { slug: 'api-hub', name: 'API Maths Hub' }, [{ laCode: la.code }]);
  otherHub = await makeHub(t.db, { slug: 'api-other' });
  school = await makeSchool(t.db, { laCode: la.code });
  const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
  const otherLeader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }]);
  leaderToken = await tokenFor(leader.id);
  otherLeaderToken = await tokenFor(otherLeader.id);
});
afterAll(() => t.close());

/** An ECT Phase 1 cohort in 2023/24 whose Phase 2 cohort (2024/25) the hub has already planned. */
async function ectWithPhase2() {
  const suffix = Math.random().toString(36).slice(2, 6);
  const phase2Ncp = await makeNcp(t.db, {
    yearCode: '2024/25',
    code: `NCP24-28b-${suffix}`,
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 2 Programme',
    type: 'programme',
  });
  const phase1Ncp = await makeNcp(t.db, {
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1 Programme',
    type: 'programme',
    participation: 'required',
    nextNcpCode: phase2Ncp.code,
  });
  const phase1 = await makeActivity(t.db, {
    openForDirectRegistration: true,
    hubId: hub.id,
    ncpId: phase1Ncp.id,
    kind: 'programme_cohort',
    title: `ECT Phase 1 ${suffix}`,
  });
  const phase2 = await makeActivity(t.db, {
    openForDirectRegistration: true,
    hubId: hub.id,
    ncpId: phase2Ncp.id,
    yearCode: '2024/25',
    kind: 'programme_cohort',
    title: `ECT Phase 2 ${suffix}`,
  });
  const session = await makeSession(t.db, {
    activityId: phase1.id,
    startsAt: '2023-10-12T16:00:00Z',
    title: 'Session 1: Number sense',
  });
  return { phase1, phase2, session };
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  person: {
    email: `api.${Math.random().toString(36).slice(2, 8)}@example.org`,
    givenName: 'Priya',
    familyName: 'Shah',
  },
  schoolUrn: school.urn,
  roleInSchool: 'Early career teacher',
  yearGroups: ['Year 1', 'Year 2'],
  mentorName: 'Jo Bell',
  mentorEmail: 'jo.bell@example.org',
  ...overrides,
});

describe('registration through the API', () => {
  it('hub leadership register an ECT on both phases, with mentor details, events and the email', async () => {
    const { phase1, phase2 } = await ectWithPhase2();
    const body = registration();
    const response = await api('POST', paths.api.activityRegistrations(phase1.id), leaderToken, body);
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result).toMatchObject({ personCreated: true, continuationIntended: false });
    expect(result.nextEnrolmentId).toEqual(expect.any(Number));

    const rows = await t.db.select().from(enrolments).where(eq(enrolments.personId, result.personId));
    expect(rows.map((r) => r.activityId).sort()).toEqual([phase1.id, phase2.id].sort());
    const first = rows.find((r) => r.activityId === phase1.id)!;
    expect(first).toMatchObject({
      id: result.enrolmentId,
      schoolUrn: school.urn,
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 1', 'Year 2'],
      mentorName: 'Jo Bell',
      mentorEmail: 'jo.bell@example.org',
    });
    expect(rows.find((r) => r.activityId === phase2.id)!.continuesEnrolmentId).toBe(first.id);
    const logged = await t.db
      .select({ action: eventLog.action })
      .from(eventLog)
      .where(and(eq(eventLog.subjectType, 'enrolment'), eq(eventLog.subjectId, String(first.id))));
    expect(logged.map((e) => e.action)).toContain('enrolment.registered');
    const mail = await latestMailTo(t.db, body.person.email);
    expect(mail?.subject).toBe(`You are registered for ${phase1.title}`);
    expect(mail?.textBody).toContain(`You are registered for it: ${phase2.title}`);
    const mentorMail = await latestMailTo(t.db, 'jo.bell@example.org');
    expect(mentorMail?.subject).toBe(`Priya Shah is registered for ${phase1.title}: you are their mentor`);
    expect(mentorMail?.textBody).toContain(`They are registered for it: ${phase2.title}`);
  });

  it('refuses an ECT without a mentor (422, by field) and a malformed body (400), changing nothing', async () => {
    const { phase1 } = await ectWithPhase2();
    const before = await mailCount(t.db);
    const body = registration({ mentorName: undefined, mentorEmail: undefined });
    const refused = await api('POST', paths.api.activityRegistrations(phase1.id), leaderToken, body);
    expect(refused.statusCode).toBe(422);
    expect(
      refused
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['mentorEmail', 'mentorName']);
    const malformed = await api(
      'POST',
      paths.api.activityRegistrations(phase1.id),
      leaderToken,
      registration({ yearGroups: ['Year 14'] }),
    );
    expect(malformed.statusCode).toBe(400);
    const noPerson = await api(
      'POST',
      paths.api.activityRegistrations(phase1.id),
      leaderToken,
      registration({ person: undefined }),
    );
    expect(noPerson.statusCode).toBe(422);
    expect(await t.db.select().from(people).where(eq(people.email, body.person.email))).toHaveLength(0);
    expect(await mailCount(t.db)).toBe(before);
  });

  it('lets a participant register only themself; other hubs and anonymous callers are refused', async () => {
    const ncp = await makeNcp(t.db, { title: 'Primary Reasoning Work Group' });
    const activity = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Reasoning WG',
    });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    const token = await tokenFor(teacher.id);
    const url = paths.api.activityRegistrations(activity.id);
    const self = registration({ person: undefined, mentorName: undefined, mentorEmail: undefined });
    expect((await api('POST', url, token, registration())).statusCode).toBe(403);
    const own = await api('POST', url, token, self);
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ personId: teacher.id, personCreated: false, nextEnrolmentId: null });
    const again = await api('POST', url, token, self);
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].message).toBe('You are already registered on this activity');
    expect((await api('POST', url, otherLeaderToken, registration())).statusCode).toBe(403);
    expect((await api('POST', url, null, registration())).statusCode).toBe(401);
  });

  it('gives the participant their programmes, and one programme with its commitment and pathway', async () => {
    const { phase1, phase2, session } = await ectWithPhase2();
    const body = registration();
    const created = (await api('POST', paths.api.activityRegistrations(phase1.id), leaderToken, body)).json();
    await mark(t.db, session.id, created.enrolmentId, 'present');
    const token = await tokenFor(created.personId);

    const list = await api('GET', paths.api.myProgrammes, token);
    expect(list.statusCode).toBe(200);
    expect(list.json().programmes).toEqual([
      expect.objectContaining({ enrolmentId: created.nextEnrolmentId, yearCode: '2024/25' }),
      expect.objectContaining({
        enrolmentId: created.enrolmentId,
        activityTitle: phase1.title,
        hubName: 'API Maths Hub',
        schoolName: school.name,
        status: 'registered',
        sessions: 1,
        present: 1,
      }),
    ]);

    const one = await api('GET', paths.api.myProgramme(created.enrolmentId), token);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      enrolmentId: created.enrolmentId,
      mentorName: 'Jo Bell',
      yearGroups: ['Year 1', 'Year 2'],
      commitment: {
        summary: expect.arrayContaining([expect.stringMatching(/^Year 2, /)]),
        sessions: [
          { title: 'Session 1: Number sense', startsAt: '2023-10-12T16:00:00.000Z', mark: 'present' },
        ],
      },
      attendance: { present: 1, marked: 1, sessions: 1 },
      pathway: { status: 'registered', nextEnrolmentId: created.nextEnrolmentId },
    });
    expect(one.json().pathway.lines.join(' ')).toContain(`You are registered for it: ${phase2.title}`);
    const next = await api('GET', paths.api.myProgramme(created.nextEnrolmentId), token);
    expect(next.json().previousEnrolmentId).toBe(created.enrolmentId);

    // Someone else's programme is not found; the hub's leadership may read it, another hub's not.
    const stranger = await tokenFor((await makePerson(t.db, [{ role: 'participant', hubId: hub.id }])).id);
    expect((await api('GET', paths.api.myProgramme(created.enrolmentId), stranger)).statusCode).toBe(404);
    expect((await api('GET', paths.api.myProgramme(created.enrolmentId), leaderToken)).statusCode).toBe(200);
    // Another hub's person's programme is not found either: a refusal would say that it exists.
    expect((await api('GET', paths.api.myProgramme(created.enrolmentId), otherLeaderToken)).statusCode).toBe(
      404,
    );
    expect((await api('GET', paths.api.myProgrammes, null)).statusCode).toBe(401);
  });

  it('lists a hub’s registrations for its own leadership only, by year and activity, paged', async () => {
    const { phase1 } = await ectWithPhase2();
    const bodies = [registration(), registration()];
    for (const body of bodies) {
      expect(
        (await api('POST', paths.api.activityRegistrations(phase1.id), leaderToken, body)).statusCode,
      ).toBe(201);
    }
    const url = `${paths.api.hubRegistrations(hub.slug)}?year=2023-24&activity=${phase1.id}`;
    const list = await api('GET', url, leaderToken);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ hub: { slug: hub.slug }, year: '2023/24', total: 2, page: 1 });
    expect(
      list
        .json()
        .registrations.map((r: { email: string }) => r.email)
        .sort(),
    ).toEqual(bodies.map((b) => b.person.email).sort());
    expect(list.json().registrations[0]).toMatchObject({
      activityId: phase1.id,
      schoolUrn: school.urn,
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 1', 'Year 2'],
      mentorName: 'Jo Bell',
      mentorEmail: 'jo.bell@example.org',
      status: 'registered',
      continuesEnrolmentId: null,
    });
    const paged = await api('GET', `${url}&pageSize=1&page=2`, leaderToken);
    expect(paged.json()).toMatchObject({ total: 2, page: 2 });
    expect(paged.json().registrations).toHaveLength(1);
    // The Phase 2 enrolments are the next year's registrations.
    const nextYear = await api('GET', `${paths.api.hubRegistrations(hub.slug)}?year=2024-25`, leaderToken);
    expect(
      nextYear
        .json()
        .registrations.every((r: { continuesEnrolmentId: number | null }) => r.continuesEnrolmentId),
    ).toBe(true);

    expect((await api('GET', url, otherLeaderToken)).statusCode).toBe(404);
    expect((await api('GET', paths.api.hubRegistrations('no-such-hub'), leaderToken)).statusCode).toBe(404);
    const analyst = await tokenFor((await makePerson(t.db, [{ role: 'national_analyst' }])).id);
    expect((await api('GET', url, analyst)).json().total).toBe(2);
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/activities/{id}/registrations',
        '/api/v1/me/programmes',
        '/api/v1/me/programmes/{enrolmentId}',
        '/api/v1/hubs/{slug}/registrations',
      ]),
    );
    expect(doc.paths['/api/v1/activities/{id}/registrations'].post.requestBody).toBeDefined();
  });
});
