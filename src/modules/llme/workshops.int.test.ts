import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  makeAcademicYear,
  makeActivity,
  makeNcp,
} from '../../../test/support/delivery-factories.ts';
import { dayFromToday, givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { signInHubLead } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { eventTargets, programmeEvents } from '../events/schema.ts';
import { fundingClaims } from '../funding/schema.ts';
import { llmeWorkshops } from './national-workshops.ts';

/** Each LLME's required national workshops (issue 16): per NCP they lead, from the events records. */
describe('LLMEs’ national workshops', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the workshops of the NCPs each LLME leads, their places, the funded days used and who missed one', async () => {
    const past = dayFromToday(-2);
    const yearCode = academicYearOf(past);
    const hub = await makeHub(t.db, { slug: 'workshop-hub', name: 'Workshop Maths Hub' });
    const ncp = await makeNcp(t.db, { yearCode, code: 'NCP26-W1', title: 'Mastery Readiness' });
    const quiet = await makeNcp(t.db, { yearCode, code: 'NCP26-W2', title: 'Quiet project' });
    const ada = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Ada',
      familyName: 'Ames',
    });
    const ben = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Ben',
      familyName: 'Bell',
    });
    const cal = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Cal',
      familyName: 'Cole',
    });
    const a1 = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode });
    const a2 = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode });
    const a3 = await makeActivity(t.db, { hubId: hub.id, ncpId: quiet.id, yearCode });
    await addLead(t.db, a1.id, ada.id);
    await addLead(t.db, a2.id, ben.id);
    await addLead(t.db, a3.id, cal.id);
    // A two-day national workshop that has ended (Ada attended, Ben did not come) and one to come.
    const ended = await makeEvent(t.db, {
      title: 'Residential 1',
      startsAt: new Date(`${dayFromToday(-3)}T09:00:00Z`),
      endsAt: new Date(`${past}T16:00:00Z`),
      confirmBy: dayFromToday(-10),
    });
    const coming = await makeEvent(t.db, {
      title: 'Residential 2',
      startsAt: new Date(`${dayFromToday(1)}T09:00:00Z`),
    });
    // A hub's own event of the NCP is not a national workshop.
    const hubEvent = await makeEvent(t.db, { hubId: hub.id, title: 'Hub launch' });
    for (const e of [ended, coming, hubEvent]) {
      await t.db.update(programmeEvents).set({ ncpId: ncp.id }).where(eq(programmeEvents.id, e.id));
      await t.db.insert(eventTargets).values({ eventId: e.id, kind: 'ncp_leads', ncpId: ncp.id });
    }
    await givePlace(t.db, ended.id, ada.id, 'attended');
    await givePlace(t.db, ended.id, ben.id, 'absent');
    await givePlace(t.db, coming.id, ada.id, 'confirmed');

    const entries = await llmeWorkshops(t.db, { hubId: hub.id, yearCode });
    const states = entries.map((e) => ({
      name: e.name,
      days: e.fundedDaysUsed,
      missing: e.missingCount,
      ncps: e.ncps.map((n) => [n.code, n.workshops.map((w) => `${w.title}: ${w.state}`)]),
    }));
    expect(states).toEqual([
      {
        name: 'Ada Ames',
        days: 2,
        missing: 0,
        ncps: [['NCP26-W1', ['Residential 1: attended', 'Residential 2: confirmed']]],
      },
      {
        name: 'Ben Bell',
        days: 0,
        missing: 1,
        ncps: [['NCP26-W1', ['Residential 1: absent', 'Residential 2: invited']]],
      },
      { name: 'Cal Cole', days: 0, missing: 0, ncps: [['NCP26-W2', []]] },
    ]);

    // The hub's claim for travel to the workshop follows, with the NCPs its LLMEs lead.
    await makeAcademicYear(t.db, yearCode);
    await t.db.insert(fundingClaims).values({
      hubId: hub.id,
      yearCode,
      ncpCode: 'NCP26-W1',
      kind: 'travel',
      claimantName: 'Ada Ames',
      amountPence: 4250,
      description: 'Travel to Residential 1',
    });
    // The page, for the hub's leadership, from the LLME community page.
    const lead = await signInHubLead(t.app, t.db, hub.id);
    const community = await lead.client.get(`${paths.myHub.llmes}?year=${yearCode.replace('/', '-')}`);
    expect(community.body).toContain('data-testid="llme-workshops-link"');
    const page = await lead.client.get(`${paths.llme.workshops}?year=${yearCode.replace('/', '-')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-testid="missing-${ben.id}"`);
    expect(page.body).not.toContain(`data-testid="missing-${ada.id}"`);
    expect(page.body).toContain('2 of 3');
    expect(page.body).not.toContain('Hub launch');
    expect(page.body).toContain('data-testid="workshop-claims"');
    expect(page.body).toContain('£42.50');
  });
});
