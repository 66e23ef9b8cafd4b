import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp, makeSession, mark } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { type JourneyScenario, makeJourneyScenario } from './journey-scenario.int-support.ts';

describe('the journey pages: schools in the area, one school’s journey, funnels, our school, the API', () => {
  let t: TestContext;
  let sc: JourneyScenario;
  const as = async (roles: Parameters<typeof makePerson>[1]) =>
    signedInClient(t.app, t.db, (await makePerson(t.db, roles)).id);
  const rowOf = (body: string, testid: string) => {
    const start = body.indexOf(`data-testid="${testid}"`);
    return start < 0 ? '' : body.slice(start, body.indexOf('</tr>', start));
  };

  beforeAll(async () => {
    t = await createTestApp();
    sc = await makeJourneyScenario(t.db);
  });
  afterAll(() => t.close());

  it('shows hub leadership their area’s schools with stage, engagement and next step, and filters them', async () => {
    const lead = await as([{ role: 'hub_leadership', hubId: sc.hub.id }]);
    const page = await lead.get(`${paths.myHub.schools}?year=2023-24`);
    expect(page.statusCode).toBe(200);
    const { a, b, cOld, cNew, s } = sc.schools;
    expect(page.body).toContain('Alder Primary School');
    expect(page.body).not.toContain('Fir Primary School');
    expect(rowOf(page.body, `school-${cOld.urn}`)).toBe('');
    expect(rowOf(page.body, `school-${a.urn}`)).toContain('Mastery Readiness');
    expect(rowOf(page.body, `school-${a.urn}`)).toContain('govuk-tag--green');
    expect(rowOf(page.body, `school-${b.urn}`)).toContain('Not engaged');
    expect(rowOf(page.body, `school-${cNew.urn}`)).toContain('govuk-tag--green');
    expect(rowOf(page.body, `school-${s.urn}`)).toContain('Mastering Number at KS2');
    expect(page.body).toContain('6 schools');

    const engagedOnly = await lead.get(`${paths.myHub.schools}?year=2023-24&engaged=yes`);
    // A, Cnew and S (its completion of Mastering Number is recorded: taking part, docs/definitions.md).
    expect(engagedOnly.body).toContain('3 schools');
    const ready = await lead.get(`${paths.myHub.schools}?year=2023-24&ready=yes&stage=readiness`);
    expect(ready.body).toContain('2 schools');
    expect(ready.body).toContain('Cedar Primary Academy');

    const csv = await lead.get(`${paths.myHub.schools}?year=2023-24&engaged=no&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Birch Primary School');
    expect(csv.body).not.toContain('Alder Primary School');
    const xlsx = await lead.get(`${paths.myHub.schools}?year=2023-24&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    expect((await lead.get(`${paths.myHub.schools}?hub=other-hub`)).statusCode).toBe(404);
  });

  it('lets national staff choose a hub and refuses participants and other hubs’ leadership', async () => {
    const analyst = await as([{ role: 'national_analyst' }]);
    const choose = await analyst.get(paths.myHub.schools);
    expect(choose.body).toContain('Journey Maths Hub');
    const chosen = await analyst.get(`${paths.myHub.schools}?hub=journey-hub&year=2023-24`);
    expect(chosen.body).toContain('Alder Primary School');
    const participant = await as([{ role: 'participant', hubId: sc.hub.id }]);
    expect((await participant.get(paths.myHub.schools)).statusCode).toBe(403);
    const otherLead = await as([{ role: 'hub_leadership', hubId: sc.otherHub.id }]);
    expect((await otherLead.get(paths.myHub.school(sc.schools.a.urn))).statusCode).toBe(404);
    expect((await otherLead.get(paths.myHub.school(sc.schools.f.urn))).statusCode).toBe(200);
  });

  it('shows one school’s journey by year, following an academy conversion', async () => {
    const lead = await as([{ role: 'hub_leadership', hubId: sc.hub.id }]);
    const page = await lead.get(`${paths.myHub.school(sc.schools.cOld.urn)}?year=2023-24`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cedar Primary Academy');
    expect(page.body).toMatch(/data-testid="successor"/);
    expect(rowOf(page.body, 'year-2023-24')).toContain('Mastery Readiness');
    expect(rowOf(page.body, 'year-2023-24')).toMatch(/data-testid="engaged">Yes/);
    expect(rowOf(page.body, `activity-${sc.readinessWg.id}`)).toContain('1 of 2');
    const a = await lead.get(`${paths.myHub.school(sc.schools.a.urn)}?year=2024-25`);
    expect(a.body).toMatch(/data-testid="current-stage">Mastery Readiness/);
    expect(a.body).toContain('taking part in Development this year');
    expect((await lead.get(paths.myHub.school(999_999))).statusCode).toBe(404);
  });

  it('lets an LLME see the schools of activities they lead, and no others', async () => {
    const llme = await signedInClient(t.app, t.db, sc.lead.id);
    expect((await llme.get(paths.myHub.school(sc.schools.a.urn))).statusCode).toBe(200);
    expect((await llme.get(paths.myHub.school(sc.schools.s.urn))).statusCode).toBe(404);
  });

  it('shows the funnels as tables and bars, with downloads', async () => {
    const lead = await as([{ role: 'hub_leadership', hubId: sc.hub.id }]);
    const page = await lead.get(paths.myHub.funnels);
    expect(page.statusCode).toBe(200);
    const programme = page.body.slice(page.body.indexOf('data-testid="programme-funnels"'));
    expect(programme).toMatch(/data-testid="started">3</);
    expect(programme).toMatch(/data-testid="percent">66.7%</);
    const tfm = page.body.slice(page.body.indexOf('data-testid="tfm-funnels"'));
    expect(tfm).toContain('Mastery Readiness → Development');
    expect(tfm).toMatch(/data-testid="percent">50%</);
    const csv = await lead.get(`${paths.myHub.funnels}?format=csv`);
    expect(csv.body).toContain('66.7');
    const analyst = await as([{ role: 'national_analyst' }]);
    expect((await analyst.get(paths.myHub.funnels)).body).toContain('Journey Maths Hub');
  });

  it('says “no data yet” for a cohort whose next year has no data, instead of 0% moved on', async () => {
    const hub = await makeHub(t.db, { name: 'Later Maths Hub' });
    const phase1Ncp = await makeNcp(t.db, {
      yearCode: '2024/25',
      title: 'SKTM Secondary ECT Phase 1',
      type: 'programme',
      nextNcpCode: 'NCP25-29b',
    });
    const cohort = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: phase1Ncp.id,
      yearCode: '2024/25',
      kind: 'programme_cohort',
    });
    const session = await makeSession(t.db, { activityId: cohort.id, startsAt: '2024-11-01T09:00:00Z' });
    for (let i = 0; i < 2; i++) {
      const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
      const e = await enrol(t.db, {
        activityId: cohort.id,
        personId: teacher.id,
        schoolUrn: sc.schools.a.urn,
      });
      await mark(t.db, session.id, e.id, 'present');
    }
    const lead = await as([{ role: 'hub_leadership', hubId: hub.id }]);
    const page = await lead.get(paths.myHub.funnels);
    const programme = page.body.slice(page.body.indexOf('data-testid="programme-funnels"'));
    expect(programme).toMatch(/data-testid="started">2</);
    expect(programme).toContain('No data yet for 2025/26');
    expect(programme).not.toMatch(/data-testid="percent">0%</);
    const csv = await lead.get(`${paths.myHub.funnels}?format=csv`);
    expect(csv.body).toContain('No data yet for 2025/26');

    // Once the hub records 2025/26, nobody having moved on is a real 0%.
    const later = await makeNcp(t.db, { yearCode: '2025/26', title: 'A Work Group of 2025/26' });
    await makeActivity(t.db, { hubId: hub.id, ncpId: later.id, yearCode: '2025/26' });
    const after = (await lead.get(paths.myHub.funnels)).body;
    const rows = after.slice(after.indexOf('data-testid="programme-funnels"'));
    expect(rows).not.toContain('No data yet');
    expect(rows).toMatch(/data-testid="percent">0%</);
  });

  it('shows a school contact their own school’s journey only', async () => {
    const contact = await as([{ role: 'school_contact', schoolUrn: sc.schools.s.urn }]);
    const page = await contact.get(`${paths.my.school}?year=2023-24`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sycamore Primary School');
    expect(rowOf(page.body, 'year-2022-23')).toContain('Sustaining');
    expect(rowOf(page.body, 'year-2023-24')).toContain('Mastering Number at Reception and KS1');
    expect((await contact.get(`${paths.my.school}?urn=${sc.schools.a.urn}`)).statusCode).toBe(403);
    expect((await contact.get(paths.myHub.school(sc.schools.a.urn))).statusCode).toBe(404);
  });

  it('gives the journey through the API with a personal token, hub-scoped', async () => {
    const tokenFor = async (hubId: number) => {
      const person = await makePerson(t.db, [{ role: 'hub_leadership', hubId }]);
      const { token } = await createApiToken(t.db, systemActor('test'), {
        personId: person.id,
        name: 'test',
      });
      return (url: string) =>
        t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    };
    const lead = { get: await tokenFor(sc.hub.id) };
    expect(
      (await t.app.inject({ method: 'GET', url: paths.api.schoolJourney(sc.schools.a.urn) })).statusCode,
    ).toBe(401);
    const res = await lead.get(`${paths.api.schoolJourney(sc.schools.a.urn)}?year=2024-25`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.currentUrn).toBe(sc.schools.a.urn);
    expect(body.stage).toBe('readiness');
    expect(body.years.find((y: { yearCode: string }) => y.yearCode === '2024/25').engaged).toBe(true);
    const otherLead = { get: await tokenFor(sc.otherHub.id) };
    expect((await otherLead.get(paths.api.schoolJourney(sc.schools.a.urn))).statusCode).toBe(404);
  });
});
