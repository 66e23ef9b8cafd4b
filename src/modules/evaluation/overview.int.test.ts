import { sql } from 'drizzle-orm';
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
import { signInHubLead, signInNationalAnalyst } from '../../../test/support/hub-factories.ts';
import { makeInvitation, makeSurveyTemplate } from '../../../test/support/survey-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { evaluationRows } from './overview.ts';
import { recordVisit } from './record-visit.ts';

// The one evaluation page of an activity, a hub and an NCP: registers, outcomes and grant from records.
describe('evaluation pages of an activity, a hub and an NCP', () => {
  let t: TestContext;
  let north: { id: number; slug: string };
  let south: { id: number; slug: string };
  let activityId: number;
  let llmeId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '384', name: 'Wakefield' });
    north = await makeHub(t.db, { slug: 'north', name: 'North Maths Hub' }, [{ laCode: '383' }]);
    south = await makeHub(t.db, { slug: 'south', name: 'South Maths Hub' }, [{ laCode: '384' }]);
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      title: 'Primary TfM Development Work Groups',
    });
    const activity = await makeActivity(t.db, {
      hubId: north.id,
      ncpId: ncp.id,
      yearCode: '2023/24',
      title: 'Development WG 1',
    });
    activityId = activity.id;
    await makeActivity(t.db, { hubId: south.id, ncpId: ncp.id, yearCode: '2023/24', title: 'South WG' });
    llmeId = (await makePerson(t.db, [{ role: 'llme', hubId: north.id, title: 'Work Group Lead' }])).id;
    await addLead(t.db, activity.id, llmeId);
    const school = await makeSchool(t.db, { laCode: '383' });
    await addSchool(t.db, activity.id, school.urn);
    const session = await makeSession(t.db, { activityId: activity.id, startsAt: '2023-10-10T13:30:00Z' });
    const people = [await makePerson(t.db), await makePerson(t.db), await makePerson(t.db)];
    const [a, b, c] = [
      await enrol(t.db, {
        activityId: activity.id,
        personId: people[0]!.id,
        schoolUrn: school.urn,
        status: 'completed',
      }),
      await enrol(t.db, { activityId: activity.id, personId: people[1]!.id, schoolUrn: school.urn }),
      await enrol(t.db, {
        activityId: activity.id,
        personId: people[2]!.id,
        schoolUrn: school.urn,
        status: 'withdrawn',
      }),
    ];
    await mark(t.db, session.id, a.id, 'present');
    await mark(t.db, session.id, b.id, 'absent');
    void c;
    // Its evaluation: two participants asked for the early survey, one answered; one visit recorded.
    const template = await makeSurveyTemplate(t.db, { ncpKey: '09' });
    const invited = [
      await makeInvitation(t.db, {
        templateId: template.template.id,
        activityId: activity.id,
        hubId: north.id,
        personId: people[0]!.id,
        yearCode: '2023/24',
      }),
      await makeInvitation(t.db, {
        templateId: template.template.id,
        activityId: activity.id,
        hubId: north.id,
        personId: people[1]!.id,
        yearCode: '2023/24',
      }),
    ];
    await t.db.execute(
      sql`UPDATE survey_invitations SET submitted_at = now() WHERE id = ${invited[0]!.invitation.id}`,
    );
    await recordVisit(t.db, personActor(llmeId), {
      activityId: activity.id,
      schoolUrn: school.urn,
      visitedOn: '2023-11-15',
      visitorIds: [llmeId],
      yearGroups: ['Year 2'],
      classesSeen: null,
      focus: 'Fluency',
      notes: null,
      actions: [],
      removedActionIds: [],
    });
  });
  afterAll(() => t?.close());

  it('counts the activity’s registers and outcomes from its records', async () => {
    const [row] = await evaluationRows(t.db, { yearCode: '2023/24', activityId });
    expect(row).toMatchObject({
      participants: 2,
      sessions: 1,
      attendancePercent: 50,
      completedParticipants: 1,
      withdrawnParticipants: 1,
      deferredParticipants: 0,
      happi: 'Not started',
      surveysInvited: 2,
      surveysAnswered: 1,
      visits: 1,
    });
    const ncpRows = await evaluationRows(t.db, { yearCode: '2023/24', ncpKey: '09' });
    expect(ncpRows.map((r) => r.title)).toEqual(['Development WG 1', 'South WG']);
  });

  it('shows the activity’s page to its lead and hub leadership, and is not found for another hub', async () => {
    const lead = await signedInClient(t.app, t.db, llmeId);
    const page = await lead.get(paths.evaluation.activity(activityId));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="attendance">50%');
    expect(page.body).toContain('data-testid="completed-participants">1');
    expect(page.body).toContain('data-testid="happi-state">Not started');
    expect(page.body).toContain('data-testid="survey-completion">1 of 2 (50%)');
    expect(page.body).toContain('data-testid="visits">1');
    const activityPage = await lead.get(paths.activity.show(activityId));
    expect(activityPage.body).toContain(`href="${paths.evaluation.activity(activityId)}"`);
    const other = await signInHubLead(t.app, t.db, south.id);
    expect((await other.client.get(paths.evaluation.activity(activityId))).statusCode).toBe(404);
  });

  it('a hub sees its activities; an NCP page shows hub leadership their own hub and the national team every hub', async () => {
    const leader = await signInHubLead(t.app, t.db, north.id);
    const hubPage = await leader.client.get(`${paths.evaluation.hub}?year=2023-24`);
    expect(hubPage.statusCode).toBe(200);
    expect(hubPage.body).toContain(`data-testid="evaluation-row-${activityId}"`);
    expect(hubPage.body).not.toContain('South WG');
    const ncpPage = await leader.client.get(`${paths.evaluation.ncp}?ncp=09&year=2023%2F24`);
    expect(ncpPage.body).toContain(`data-testid="evaluation-hub-${north.id}"`);
    expect(ncpPage.body).not.toContain(`data-testid="evaluation-hub-${south.id}"`);
    const analyst = await signInNationalAnalyst(t.app, t.db);
    const national = await analyst.client.get(`${paths.evaluation.ncp}?ncp=09&year=2023-24`);
    expect(national.body).toContain(`data-testid="evaluation-hub-${south.id}"`);
    expect(national.body).toMatch(/data-testid="evaluation-total"[\s\S]*?England/);
    const none = await analyst.client.get(`${paths.evaluation.ncp}?ncp=09&year=2021-22`);
    expect(none.statusCode).toBe(200);
  });
});
