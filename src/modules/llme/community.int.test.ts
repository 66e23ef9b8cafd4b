import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { dayFromToday } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { eventsAbout, signInHubLead, signInNationalAnalyst } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { accreditations } from '../people/schema.ts';
import { llmeCommunityAttendance, llmeCommunityLeads, llmeCommunityMeetings } from './schema.ts';

/** A hub's LLME community (issue 16): three leads, meetings with registers, the roster and who could lead next. */
describe('the hub’s LLME community', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records three leads (no fourth), a meeting and its register; shows what each leads and could lead next', async () => {
    const day = dayFromToday(-1);
    const yearCode = academicYearOf(day);
    const yearParam = yearCode.replace('/', '-');
    const hub = await makeHub(t.db, { slug: 'community-hub', name: 'Community Maths Hub' });
    const other = await makeHub(t.db, { slug: 'other-community-hub' });
    const lead = await signInHubLead(t.app, t.db, hub.id);
    const otherLead = await signInHubLead(t.app, t.db, other.id);
    const analyst = await signInNationalAnalyst(t.app, t.db);
    const llmes = [];
    for (const name of ['Ames', 'Bell', 'Cole', 'Dunn'])
      llmes.push(
        await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Lee', familyName: name }),
      );
    const [ames, bell, cole, dunn] = llmes as [
      (typeof llmes)[0],
      (typeof llmes)[0],
      (typeof llmes)[0],
      (typeof llmes)[0],
    ];
    // Ames leads an NCP anyone may lead; Bell is a PD Lead, so could lead the NCP that needs one.
    const open = await makeNcp(t.db, { yearCode, code: 'NCP26-C1' });
    const pd = await makeNcp(t.db, { yearCode, code: 'NCP26-C2', rules: { leadRequires: ['pd_lead'] } });
    const a1 = await makeActivity(t.db, { hubId: hub.id, ncpId: open.id, yearCode });
    await makeActivity(t.db, { hubId: hub.id, ncpId: pd.id, yearCode });
    await addLead(t.db, a1.id, ames.id);
    await t.db.insert(accreditations).values({ personId: bell.id, kind: 'pd_lead', cohort: '3' });

    const page = `${paths.llme.community}?year=${yearParam}`;
    for (const p of [ames, bell, cole]) {
      const added = await lead.client.submit(
        paths.llme.communityLeads,
        { personId: String(p.id), year: yearParam },
        page,
      );
      expect(added.statusCode).toBe(303);
    }
    const fourth = await lead.client.post(paths.llme.communityLeads, {
      personId: String(dunn.id),
      year: yearParam,
      _csrf: await lead.client.csrfFrom(page),
    });
    expect(fourth.headers.location).toContain('#leads');
    const leads = await t.db.select().from(llmeCommunityLeads).where(eq(llmeCommunityLeads.hubId, hub.id));
    expect(leads.map((l) => l.personId).sort()).toEqual([ames.id, bell.id, cole.id].sort());
    // Another hub's leadership cannot touch it.
    const refused = await otherLead.client.post(paths.llme.communityLeads, {
      hub: 'community-hub',
      personId: String(dunn.id),
      _csrf: await otherLead.client.csrfFrom(`${paths.llme.community}`),
    });
    expect(refused.statusCode).toBe(404);

    const [y, m, d] = day.split('-');
    const recorded = await lead.client.submit(
      paths.llme.communityMeetings,
      { title: 'Autumn community meeting', 'heldOn-day': d!, 'heldOn-month': m!, 'heldOn-year': y! },
      page,
    );
    expect(recorded.statusCode).toBe(303);
    const [meeting] = await t.db
      .select()
      .from(llmeCommunityMeetings)
      .where(eq(llmeCommunityMeetings.hubId, hub.id));
    expect(recorded.headers.location).toBe(paths.llme.communityMeeting(meeting!.id));
    const register = await lead.client.submit(paths.llme.communityMeeting(meeting!.id), {
      present: [String(ames.id), String(dunn.id)],
    });
    expect(register.statusCode).toBe(303);
    const present = await t.db
      .select()
      .from(llmeCommunityAttendance)
      .where(eq(llmeCommunityAttendance.meetingId, meeting!.id));
    expect(present.map((p) => p.personId).sort()).toEqual([ames.id, dunn.id].sort());
    expect((await otherLead.client.get(paths.llme.communityMeeting(meeting!.id))).statusCode).toBe(404);
    expect((await analyst.client.get(paths.llme.communityMeeting(meeting!.id))).body).not.toContain(
      'community-register-form',
    );
    expect((await eventsAbout(t.db, 'hub', hub.id)).map((e) => e.action)).toContain(
      'llme_community.register_taken',
    );

    const body = (await lead.client.get(page)).body;
    expect(body).toContain('1 of at least 3 meetings');
    expect(body).toContain(`data-testid="community-lead-${bell.id}"`);
    expect(body).not.toContain('community-lead-form');
    const couldLead = (id: number) =>
      new RegExp(`data-testid="could-lead-${id}">([^<]*)<`).exec(body)?.[1]?.trim();
    expect(couldLead(ames.id)).toBe('—');
    expect(couldLead(bell.id)).toBe('NCP26-C1, NCP26-C2');
    expect(couldLead(cole.id)).toBe('NCP26-C1');
  });
});
