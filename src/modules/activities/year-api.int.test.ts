import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { makeLastYearSustainingGroup } from '../../../test/support/year-factories.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { academicYearBounds } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { copyCatalogueForward } from '../catalogue/copy-catalogue-forward.ts';
import { publishCatalogue } from '../catalogue/publication.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { yearBefore } from './continue-activities.ts';

/**
 * Issue 13's year through the API only, as a hub system would make it: on a database whose current
 * year has a newly published catalogue and no delivery, the hub copies forward its Sustaining group,
 * plans a Development Work Group, is refused a school that does not qualify, adds and registers one
 * that does, the LLME takes two registers, the hub records outcomes and closes the activity; the
 * school's journey and the annual report follow.
 */
describe('the year through the API', () => {
  let t: TestContext;
  const year = currentAcademicYear();
  const last = yearBefore(year);
  const yearSlug = year.replace('/', '-');
  const yy = year.slice(2, 4);
  const slug = 'api-year-hub';
  const tokens: Record<'lead' | 'llme' | 'admin' | 'otherLead', string> = {
    lead: '',
    llme: '',
    admin: '',
    otherLead: '',
  };
  let llmeId: number;
  let newSchoolUrn: number;
  let secondaryUrn: number;
  let sustainingUrn: number;

  const call = (who: keyof typeof tokens, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, payload });

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db, { name: 'Yearshire' });
    const hub = await makeHub(t.db, { slug, name: 'Yearshire Maths Hub' }, [{ laCode: la.code }]);
    const other = await makeHub(t.db, { slug: 'elsewhere-year-hub', name: 'Elsewhere Maths Hub' });
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }]);
    const otherLead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: other.id }]);
    llmeId = (await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }])).id;
    for (const [who, personId] of [
      ['lead', lead.id],
      ['llme', llmeId],
      ['admin', admin.id],
      ['otherLead', otherLead.id],
    ] as const) {
      tokens[who] = (await createApiToken(t.db, systemActor('test'), { personId, name: 'hub system' })).token;
    }

    // Last year: its catalogue, and a Sustaining group that continues.
    sustainingUrn = (await makeSchool(t.db, { laCode: la.code, name: 'Beckside Primary School' })).urn;
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: sustainingUrn,
    });
    await makeLastYearSustainingGroup(t.db, {
      yearCode: last,
      hubId: hub.id,
      leadId: llmeId,
      schoolUrn: sustainingUrn,
      teacherId: teacher.id,
      sustainingCode: '11',
    });

    // This year's schools: one new to Teaching for Mastery, one secondary.
    newSchoolUrn = (await makeSchool(t.db, { laCode: la.code, name: 'Meadow Primary School' })).urn;
    secondaryUrn = (
      await makeSchool(t.db, {
        laCode: la.code,
        name: 'Hilltop Academy',
        phase: 'secondary',
        phaseOfEducation: 'Secondary',
      })
    ).urn;

    // The national team carry the catalogue forward and publish it.
    await copyCatalogueForward(t.db, personActor(admin.id), { from: last, to: year });
    await publishCatalogue(t.db, personActor(admin.id), { year });
  });
  afterAll(() => t.close());

  it('walks the year: continue, plan, refuse, add, register, take registers, outcomes, close, journey, report', async () => {
    // The hub copies forward its continuing groups.
    const continued = await call('lead', 'POST', paths.api.continueActivities(slug), {});
    expect(continued.statusCode).toBe(200);
    expect(continued.json()).toMatchObject({
      year,
      created: [{ title: 'Sustaining Work Group 1', schools: 1, participants: 1 }],
    });

    // And plans a Development Work Group (another hub's leadership cannot: not found).
    const { startsOn, endsOn } = academicYearBounds(year);
    const plan = {
      ncpCode: `NCP${yy}-09`,
      kind: 'work_group',
      title: 'Development Work Group 1',
      startsOn,
      endsOn,
    };
    expect((await call('otherLead', 'POST', paths.api.hubActivities(slug), plan)).statusCode).toBe(404);
    const planned = await call('lead', 'POST', paths.api.hubActivities(slug), plan);
    expect(planned.statusCode).toBe(201);
    expect(planned.json()).toMatchObject({
      title: 'Development Work Group 1',
      status: 'planned',
      yearCode: year,
      ncp: { code: `NCP${yy}-09`, yearCode: year },
    });
    const id = planned.json().id as number;
    const lead = await call('lead', 'POST', paths.api.activityLeads(id), {
      personId: llmeId,
      title: 'Work Group Lead',
    });
    expect(lead.statusCode).toBe(201);

    // A secondary school is refused with the reason, and nothing is added.
    const refused = await call('lead', 'POST', paths.api.activitySchools(id), { urn: secondaryUrn });
    expect(refused.statusCode).toBe(422);
    const reasons = refused.json().errors.map((e: { message: string }) => e.message);
    expect(reasons[0]).toContain('Hilltop Academy does not meet this project’s rules');
    expect(reasons[0]).toMatch(/primary/i);
    expect(reasons).toContain('To admit Hilltop Academy anyway, give your reason for admitting it');

    expect((await call('lead', 'GET', paths.api.activity(id))).json().schools).toEqual([]);

    // The school that qualifies is added, and its teacher registered.
    const added = await call('lead', 'POST', paths.api.activitySchools(id), { urn: newSchoolUrn });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ urn: newSchoolUrn, name: 'Meadow Primary School' });
    const registered = await call('lead', 'POST', paths.api.activityRegistrations(id), {
      person: { email: 'rowan.teacher@meadow.example', givenName: 'Rowan', familyName: 'Teacher' },
      schoolUrn: newSchoolUrn,
      roleInSchool: 'Class teacher',
      yearGroups: ['Year 3'],
    });
    expect(registered.statusCode).toBe(201);
    const enrolmentId = registered.json().enrolmentId as number;

    // Two sessions, and the LLME takes both registers.
    const day = (offset: number) =>
      new Date(new Date(`${startsOn}T12:00:00Z`).getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const sessionIds: number[] = [];
    for (const [n, date] of [
      [1, day(14)],
      [2, day(42)],
    ] as const) {
      const session = await call('lead', 'POST', paths.api.activitySessions(id), {
        kind: 'trg',
        title: `TRG ${n}`,
        date,
        time: '16:00',
        location: 'Meadow Primary School',
      });
      expect(session.statusCode).toBe(201);
      expect(session.json()).toMatchObject({ kind: 'trg', title: `TRG ${n}` });
      sessionIds.push(session.json().id);
    }
    // A register without a mark for everyone enrolled is refused whole.
    const partial = await call('llme', 'PUT', paths.api.sessionRegister(id, sessionIds[0]!), { marks: [] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().errors[0].message).toContain('Rowan Teacher');
    for (const sessionId of sessionIds) {
      const register = await call('llme', 'PUT', paths.api.sessionRegister(id, sessionId), {
        marks: [{ enrolmentId, status: 'present' }],
      });
      expect(register.statusCode).toBe(200);
      expect(register.json()).toEqual({ changed: 1, present: 1, marked: 1 });
    }
    // An LLME may take registers but not close the activity.
    expect((await call('llme', 'POST', paths.api.closeActivity(id))).statusCode).toBe(403);

    // Closing is refused while outcomes are missing, saying which.
    const early = await call('lead', 'POST', paths.api.closeActivity(id));
    expect(early.statusCode).toBe(422);
    expect(early.json().missing).toEqual({
      sessions: [],
      schools: [{ urn: newSchoolUrn, name: 'Meadow Primary School' }],
      participants: [{ enrolmentId, name: 'Rowan Teacher' }],
    });

    // The outcomes are recorded; the activity closes.
    const schoolOutcome = await call('lead', 'POST', paths.api.schoolOutcome(id, newSchoolUrn), {
      outcome: 'completed',
    });
    expect(schoolOutcome.statusCode).toBe(200);
    const participantOutcome = await call('llme', 'POST', paths.api.participantOutcome(id, enrolmentId), {
      outcome: 'completed',
    });
    expect(participantOutcome.statusCode).toBe(200);
    const closed = await call('lead', 'POST', paths.api.closeActivity(id));
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ id, status: 'completed' });

    // The school is at Development, its next step Embedding.
    const journey = await call('lead', 'GET', `${paths.api.schoolJourney(newSchoolUrn)}?year=${yearSlug}`);
    expect(journey.statusCode).toBe(200);
    expect(journey.json().stage).toBe('development');
    expect(journey.json().nextStep.next).toBe('embedding');

    // And the annual report for the year counts it.
    const report = await call('admin', 'GET', paths.api.annualReport(yearSlug));
    expect(report.statusCode).toBe(200);
    const stages = report.json().tables.find((x: { name: string }) => x.name === 'Primary TfM stages');
    const development = stages.rows.find((r: (string | number)[]) => /Development/.test(String(r[0])));
    expect(development[1]).toBe(1);
  });

  it('admits a school that does not qualify when hub leadership give their reason', async () => {
    const { startsOn, endsOn } = academicYearBounds(year);
    const planned = await call('lead', 'POST', paths.api.hubActivities(slug), {
      ncpCode: `NCP${yy}-09`,
      kind: 'work_group',
      title: 'Development Work Group 2',
      startsOn,
      endsOn,
    });
    const id = planned.json().id as number;
    const justification = 'The school teaches Year 7 and 8 pupils in a primary setting this year';
    const admitted = await call('lead', 'POST', paths.api.activitySchools(id), {
      urn: secondaryUrn,
      justification,
    });
    expect(admitted.statusCode).toBe(201);
    expect((await call('lead', 'GET', paths.api.activity(id))).json().schools).toMatchObject([
      { urn: secondaryUrn, status: 'registered' },
    ]);
    // Another hub's leadership: not found.
    const other = await call('otherLead', 'POST', paths.api.activitySchools(id), { urn: newSchoolUrn });
    expect(other.statusCode).toBe(404);
  });

  it('documents the new writes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` })).json();
    const api = (p: string) => p.replace(/:(\w+)/g, '{$1}');
    expect(doc.paths[api(paths.api.hubActivities())]).toHaveProperty('post');
    expect(doc.paths[api(paths.api.activityLeads())]).toHaveProperty('post');
    expect(doc.paths[api(paths.api.activitySchools())]).toHaveProperty('post');
    expect(doc.paths[api(paths.api.activitySessions())]).toHaveProperty('post');
    expect(doc.paths[api(paths.api.sessionRegister())]).toHaveProperty('put');
    expect(doc.paths[api(paths.api.closeActivity())]).toHaveProperty('post');
  });
});
