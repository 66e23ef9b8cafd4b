import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { collectPersonalData } from '../privacy/collect-personal-data.ts';
import { recordVisit } from './record-visit.ts';
import { setVisitActionStatus } from './visit-changes.ts';
import type { ActionInput } from './visit-form.ts';
import { getVisit } from './visit-reads.ts';
import { hubVisitSummary, visitSummary } from './visit-summary.ts';

/** The read the evaluation pages use: an activity's and a hub's visits in brief (issue 15). */
describe('visit summaries', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const action = (description: string, ownerPersonId: number): ActionInput => ({
    id: null,
    description,
    ownerPersonId,
    ownerText: null,
    dueOn: '2024-01-31',
    status: 'open',
  });

  it('counts visits, schools, year groups seen (in order) and open actions, per activity and per hub and year', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const otherHub = await makeHub(t.db);
    const lead = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    const ncp = await makeNcp(t.db, { yearCode: '2023/24' });
    const older = await makeNcp(t.db, { yearCode: '2022/23' });
    const [one, two, lastYear, elsewhere] = await Promise.all([
      makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' }),
      makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' }),
      makeActivity(t.db, { hubId: hub.id, ncpId: older.id, yearCode: '2022/23' }),
      makeActivity(t.db, { hubId: otherHub.id, ncpId: ncp.id, yearCode: '2023/24' }),
    ]);
    const [a, b] = [await makeSchool(t.db, { laCode: la.code }), await makeSchool(t.db, { laCode: la.code })];
    for (const activity of [one, two, lastYear, elsewhere]) {
      await addLead(t.db, activity.id, lead.id);
      await addSchool(t.db, activity.id, a.urn);
      await addSchool(t.db, activity.id, b.urn);
    }
    expect(await visitSummary(t.db, { activityId: one.id })).toEqual({
      visits: 0,
      schoolsVisited: 0,
      yearGroupsSeen: [],
      openActions: 0,
    });
    const visit = (
      activityId: number,
      urn: number,
      visitedOn: string,
      yearGroups: string[],
      actions: ActionInput[] = [],
    ) =>
      recordVisit(t.db, personActor(lead.id), {
        activityId,
        schoolUrn: urn,
        visitedOn,
        visitorIds: [lead.id],
        yearGroups,
        classesSeen: null,
        focus: 'Fluency',
        notes: null,
        actions,
        removedActionIds: [],
      });
    const first = await visit(
      one.id,
      a.urn,
      '2023-10-02',
      ['Year 5', 'Reception'],
      [action('Plan', lead.id), action('Audit', lead.id)],
    );
    await visit(one.id, a.urn, '2023-11-06', ['Year 5', 'Year 1']);
    await visit(one.id, b.urn, '2023-11-06', []);
    await visit(two.id, b.urn, '2024-01-08', ['Year 10'], [action('Observe', lead.id)]);
    await visit(lastYear.id, a.urn, '2022-10-03', ['Year 2'], [action('Old', lead.id)]);
    await visit(elsewhere.id, a.urn, '2023-10-02', ['Year 3']);
    const [planned] = (await getVisit(t.db, { activityId: one.id, visitId: first.visitId })).actions;
    await setVisitActionStatus(t.db, personActor(lead.id), {
      activityId: one.id,
      visitId: first.visitId,
      actionId: planned!.id,
      status: 'done',
    });

    expect(await visitSummary(t.db, { activityId: one.id })).toEqual({
      visits: 3,
      schoolsVisited: 2,
      yearGroupsSeen: ['Reception', 'Year 1', 'Year 5'],
      openActions: 1,
    });
    expect(await hubVisitSummary(t.db, { hubId: hub.id, yearCode: '2023/24' })).toEqual({
      visits: 4,
      schoolsVisited: 2,
      yearGroupsSeen: ['Reception', 'Year 1', 'Year 5', 'Year 10'],
      openActions: 2,
      activitiesVisited: 2,
    });
    expect(await hubVisitSummary(t.db, { hubId: hub.id, yearCode: '2021/22' })).toMatchObject({
      visits: 0,
      yearGroupsSeen: [],
    });

    // Subject access: the lead's visits and the actions they own.
    const data = await collectPersonalData(t.db, lead.id);
    const section = (key: string) => data.sections.find((s) => s.key === key)!;
    expect(section('schoolVisits').rows).toHaveLength(6);
    expect(section('schoolVisits').rows[0]).toMatchObject({
      visitedOn: '2022-10-03',
      role: 'visited and recorded it',
    });
    expect(section('schoolVisitActions').rows.map((r) => r.description)).toEqual([
      'Old',
      'Plan',
      'Audit',
      'Observe',
    ]);
    // The person's own page shows them, dates as people write them.
    const page = await (await signedInClient(t.app, t.db, lead.id)).get(paths.privacy.yourData);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Visits to schools you made or recorded');
    expect(page.body).toContain('3 October 2022');
  });
});
