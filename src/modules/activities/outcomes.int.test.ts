import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { eventsAbout, type SignedIn, signInHubLead } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { annualFigures } from '../reporting/annual-figures.ts';
import { closeChecks } from './close-activity.ts';
import { recordOutcomes } from './record-outcomes.ts';
import { activitySchools, enrolments, hubActivities } from './schema.ts';

/** Outcomes, reinstating and the year-end close (issue 13). */
describe('the end of an activity: outcomes, reinstating, closing', () => {
  let t: TestContext;
  let hubLead: SignedIn;
  let otherLead: SignedIn;
  let llme: Awaited<ReturnType<typeof signedInClient>>;
  let llmeId: number;
  let hubId: number;
  let laCode: string;
  const year = academicYearOf(todayInEngland());
  const yearSlug = year.replace('/', '-');

  beforeAll(async () => {
    t = await createTestApp();
    const la = await makeLocalAuthority(t.db, { name: 'Outcomeshire' });
    laCode = la.code;
    const hub = await makeHub(t.db, { slug: 'outcomes-hub', name: 'Outcomes Maths Hub' }, [{ laCode }]);
    const other = await makeHub(t.db, { slug: 'elsewhere-hub', name: 'Elsewhere Maths Hub' });
    hubId = hub.id;
    hubLead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, other.id);
    const person = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    llmeId = person.id;
    llme = await signedInClient(t.app, t.db, person.id);
  });
  afterAll(() => t.close());

  /** An activity of the current year with a school and two participants, led by the LLME. */
  async function scenario(ncpOverrides: Parameters<typeof makeNcp>[1] = {}) {
    const ncp = await makeNcp(t.db, { yearCode: year, ...ncpOverrides });
    const activity = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode: year, title: 'Outcome WG' });
    await addLead(t.db, activity.id, llmeId);
    const school = await makeSchool(t.db, { laCode, name: 'Quince Primary School' });
    await addSchool(t.db, activity.id, school.urn);
    const ann = await makePerson(t.db, [], { givenName: 'Ann', familyName: 'Archer' });
    const bob = await makePerson(t.db, [], { givenName: 'Bob', familyName: 'Baker' });
    const a = await enrol(t.db, { activityId: activity.id, personId: ann.id, schoolUrn: school.urn });
    const b = await enrol(t.db, { activityId: activity.id, personId: bob.id, schoolUrn: school.urn });
    return { activity, school, a, b, ncp };
  }
  const schoolRow = async (activityId: number) =>
    (await t.db.select().from(activitySchools).where(eq(activitySchools.activityId, activityId)))[0]!;
  const enrolment = async (id: number) =>
    (await t.db.select().from(enrolments).where(eq(enrolments.id, id)))[0]!;

  it('refuses a withdrawal without a reason, and "other" without its text, changing nothing', async () => {
    const { activity, school, a, b } = await scenario();
    const attempt = (reasonText: string | null) =>
      recordOutcomes(t.db, personActor(llmeId), {
        activityId: activity.id,
        schools: [{ urn: school.urn, outcome: 'completed' }],
        participants: [
          { enrolmentId: a.id, outcome: 'withdrawn', reason: null },
          { enrolmentId: b.id, outcome: 'withdrawn', reason: 'other', reasonText },
        ],
      });
    const error = await attempt(null).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { field: `participantReason-${a.id}`, message: 'Select why Ann Archer withdrew' },
      { field: `participantReasonText-${b.id}`, message: 'Enter why Bob Baker withdrew' },
    ]);
    expect((await schoolRow(activity.id)).status).toBe('registered');
    expect((await enrolment(a.id)).status).toBe('registered');
  });

  it('records outcomes from the page: errors kept with the input, then saved and logged', async () => {
    const { activity, school, a, b } = await scenario();
    const show = await llme.get(paths.activity.show(activity.id));
    expect(show.body).toContain(`href="${paths.activity.outcomes(activity.id)}"`);
    const formUrl = paths.activity.outcomes(activity.id);
    const page = await llme.get(formUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Deferred to next year');
    expect(page.body).toContain('Left teaching');

    const refused = await llme.submit(formUrl, {
      [`school-${school.urn}`]: 'completed',
      [`participant-${a.id}`]: 'withdrawn',
      [`participantReason-${a.id}`]: 'other',
      [`participant-${b.id}`]: 'deferred',
    });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(formUrl);
    const again = await llme.get(formUrl);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('Enter why Ann Archer withdrew');
    expect(again.body).toMatch(/value="deferred" checked/);
    expect((await enrolment(b.id)).status).toBe('registered');

    const saved = await llme.submit(formUrl, {
      [`school-${school.urn}`]: 'completed',
      [`participant-${a.id}`]: 'withdrawn',
      [`participantReason-${a.id}`]: 'left_teaching',
      [`participant-${b.id}`]: 'deferred',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(paths.activity.show(activity.id));
    const s = await schoolRow(activity.id);
    expect(s.status).toBe('completed');
    expect(s.completedOn).toBe(todayInEngland());
    expect(s.outcomeRecordedByPersonId).toBe(llmeId);
    expect(await enrolment(a.id)).toMatchObject({ status: 'withdrawn', outcomeReason: 'left_teaching' });
    expect((await enrolment(b.id)).status).toBe('deferred');
    const logged = await eventsAbout(t.db, 'hub_activity', activity.id);
    expect(logged.map((e) => e.action)).toContain('activity.school_outcome_recorded');
    expect((await eventsAbout(t.db, 'enrolment', a.id))[0]!.action).toBe('enrolment.outcome_recorded');
    // The page pre-fills from what is recorded.
    const prefilled = await llme.get(formUrl);
    expect(prefilled.body).toMatch(/value="left_teaching" selected/);
  });

  it('lets the lead and the hub’s leadership record outcomes; another hub does not find them', async () => {
    const { activity } = await scenario();
    expect((await hubLead.client.get(paths.activity.outcomes(activity.id))).statusCode).toBe(200);
    expect((await otherLead.client.get(paths.activity.outcomes(activity.id))).statusCode).toBe(404);
    const otherLlme = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'llme', hubId }])).id,
    );
    expect((await otherLlme.get(paths.activity.outcomes(activity.id))).statusCode).toBe(404);
  });

  it('reinstates a withdrawn or deferred participant after asking, logged', async () => {
    const { activity, a } = await scenario();
    await t.db.update(enrolments).set({ status: 'deferred' }).where(eq(enrolments.id, a.id));
    const show = await hubLead.client.get(paths.activity.show(activity.id));
    const confirmUrl = paths.activity.reinstateParticipant(activity.id, a.id);
    expect(show.body).toContain(`href="${confirmUrl}"`);
    const page = await hubLead.client.get(confirmUrl);
    expect(page.body).toContain('Reinstate Ann Archer in Outcome WG');
    expect((await enrolment(a.id)).status).toBe('deferred');
    const done = await hubLead.client.submit(confirmUrl, {});
    expect(done.statusCode).toBe(303);
    expect((await enrolment(a.id)).status).toBe('registered');
    expect((await eventsAbout(t.db, 'enrolment', a.id))[0]!.action).toBe('enrolment.reinstated');
    expect((await hubLead.client.get(confirmUrl)).statusCode).toBe(404);
  });

  it('closes an activity only when its registers are taken and every outcome recorded; reopens it', async () => {
    const { activity, school, a, b } = await scenario();
    const past = await makeSession(t.db, {
      activityId: activity.id,
      startsAt: '2020-01-01T10:00:00Z',
      title: 'TRG 1',
    });
    const closeUrl = paths.activity.close(activity.id);
    const missing = await hubLead.client.get(closeUrl);
    expect(missing.body).toContain('The activity cannot be closed yet');
    expect(missing.body).toContain(`href="${paths.activity.register(activity.id, past.id)}"`);
    expect(missing.body).toContain('Quince Primary School');
    expect(missing.body).toContain('Bob Baker');
    // Posting anyway is refused.
    await hubLead.client.post(closeUrl, {
      _csrf: await hubLead.client.csrfFrom(paths.activity.show(activity.id)),
    });
    expect(
      (await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id)))[0]!.status,
    ).toBe('running');

    await mark(t.db, past.id, a.id, 'present');
    await recordOutcomes(t.db, personActor(llmeId), {
      activityId: activity.id,
      schools: [{ urn: school.urn, outcome: 'completed' }],
      participants: [
        { enrolmentId: a.id, outcome: 'completed' },
        { enrolmentId: b.id, outcome: 'withdrawn', reason: 'workload' },
      ],
    });
    expect(await closeChecks(t.db, activity.id)).toEqual({ sessions: [], schools: [], participants: [] });
    const confirm = await hubLead.client.get(closeUrl);
    expect(confirm.body).toContain('data-testid="close-activity"');
    const closed = await hubLead.client.submit(closeUrl, {});
    expect(closed.statusCode).toBe(303);
    const status = async () =>
      (await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id)))[0]!.status;
    expect(await status()).toBe('completed');
    expect((await eventsAbout(t.db, 'hub_activity', activity.id))[0]!.action).toBe('activity.closed');
    // An LLME may record outcomes but not close; the closed activity's outcomes are final.
    expect((await llme.get(closeUrl)).statusCode).toBe(403);
    expect((await llme.get(paths.activity.outcomes(activity.id))).body).toContain('The activity is closed');

    const reopened = await hubLead.client.submit(paths.activity.reopen(activity.id), {}, closeUrl);
    expect(reopened.statusCode).toBe(303);
    expect(await status()).toBe('running');
    expect((await eventsAbout(t.db, 'hub_activity', activity.id))[0]!.action).toBe('activity.reopened');
  });

  it('records outcomes through the API with the same rules', async () => {
    const { activity, school, a } = await scenario();
    const tokenOf = async (personId: number) =>
      (await createApiToken(t.db, systemActor('test'), { personId, name: 'outcomes' })).token;
    const post = (url: string, token: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
    const lead = await tokenOf(hubLead.personId);
    const participantUrl = paths.api.participantOutcome(activity.id, a.id);
    const refused = await post(participantUrl, lead, { outcome: 'withdrawn' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].message).toBe('Select why Ann Archer withdrew');
    expect((await enrolment(a.id)).status).toBe('registered');
    const done = await post(participantUrl, lead, { outcome: 'withdrawn', reason: 'moved_school' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({
      status: 'withdrawn',
      reason: 'moved_school',
      reasonText: null,
      changed: true,
    });
    const bySchool = await post(paths.api.schoolOutcome(activity.id, school.urn), await tokenOf(llmeId), {
      outcome: 'deferred',
    });
    expect(bySchool.json()).toMatchObject({ status: 'deferred', changed: true });
    const other = await post(participantUrl, await tokenOf(otherLead.personId), { outcome: 'completed' });
    expect(other.statusCode).toBe(404);
  });

  it('stages, next steps and the report follow a recorded outcome at once', async () => {
    const { activity, school } = await scenario({ completesTfmStage: 'development', phases: ['primary'] });
    const journeyUrl = `${paths.myHub.school(school.urn)}?year=${yearSlug}`;
    const before = await hubLead.client.get(journeyUrl);
    expect(before.body).not.toMatch(/data-testid="current-stage">Development/);
    const stagesBefore = (await annualFigures(t.db, { fromYear: year, toYear: year, hubId }))[0]!.tfmStages;
    expect(stagesBefore).toEqual([]);

    await hubLead.client.submit(paths.activity.outcomes(activity.id), {
      [`school-${school.urn}`]: 'completed',
    });

    const after = await hubLead.client.get(journeyUrl);
    expect(after.body).toMatch(/data-testid="current-stage">Development/);
    expect(after.body).toMatch(/data-testid="next-step"><strong>Embedding/);
    const stagesAfter = (await annualFigures(t.db, { fromYear: year, toYear: year, hubId }))[0]!.tfmStages;
    expect(stagesAfter).toEqual([{ phase: 'primary', stage: 2, schools: 1 }]);
  });
});
