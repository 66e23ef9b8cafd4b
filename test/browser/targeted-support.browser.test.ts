import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activitySchools } from '../../src/modules/activities/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { annualFigures } from '../../src/modules/reporting/annual-figures.ts';
import { tsPartnerships } from '../../src/modules/targeted-support/schema.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { paths } from '../../src/platform/paths.ts';
import { addLead, makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { TargetedSupportPage } from './pages/targeted-support-page.ts';
import { VisitsPage } from './pages/visits-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * Targeted Support (issue 16): a hub refers a school from its cold spots; the referral is accepted as
 * Intensive with an ISP; the plan goes through its four phases with a visit; the school is handed over
 * into a Development Work Group, whose lead reads the transition notes; the report counts it.
 */
describe.skipIf(!browserAvailable)('Targeted Support in a browser', () => {
  let t: BrowserContext;
  let hubId: number;
  let leadId: number;
  let ispId: number;
  let wgLeadId: number;
  let workGroupId: number;
  let urn: number;
  const year = academicYearOf(todayInEngland());

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    hubId = (
      await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [{ laCode: '383' }])
    ).id;
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId, title: 'Maths Hub Lead' }], {
        email: `hublead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    ispId = (
      await makePerson(
        t.db,
        [
          { role: 'llme', hubId, title: 'Mastery Specialist' },
          { role: 'intensive_support_partner', hubId, title: 'Intensive Support Partner' },
        ],
        { email: `isp@${DEMO_EMAIL_DOMAIN}`, givenName: 'Imogen', familyName: 'Partner' },
      )
    ).id;
    wgLeadId = (
      await makePerson(t.db, [{ role: 'llme', hubId, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    await makeNcp(t.db, { yearCode: year, title: 'Targeted Support in Maths', type: 'intensive_support' });
    const dev = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Development Work Groups',
    });
    workGroupId = (
      await makeActivity(t.db, { hubId, ncpId: dev.id, yearCode: year, title: 'Developing Mastery WG 1' })
    ).id;
    await addLead(t.db, workGroupId, wgLeadId);
    urn = (await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' })).urn;
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number) {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    // An ISP is listed twice among the demo accounts (as LLME and as ISP): either signs them in.
    await page.getByTestId(`demo-sign-in-${personId}`).first().click();
    await page.waitForLoadState('domcontentloaded');
    return { context, page, ts: new TargetedSupportPage(page) };
  }

  it('refers, partners, plans, visits, hands over, and the Work Group’s lead reads the notes', async () => {
    // The hub's leadership refer a school from their cold spots.
    const lead = await signedIn(leadId);
    await lead.page.goto(`${t.baseUrl}${paths.reports.hubDashboard}`);
    await lead.page.getByTestId('refer-cold-spot').first().waitFor();
    await expectAccessible(lead.page);
    await lead.page
      .getByTestId('cold-spot')
      .filter({ hasText: 'Beckside Primary School' })
      .getByTestId('refer-cold-spot')
      .click();
    await lead.page.getByTestId('refer-form').waitFor();
    expect(await lead.page.getByTestId('refer-urn').inputValue()).toBe(String(urn));
    await expectAccessible(lead.page);
    await lead.ts.refer('Leadership capacity after a change of head teacher');
    expect(await lead.page.getByTestId('referral-status').textContent()).toContain('Waiting for a decision');
    await expectAccessible(lead.page);

    // Accepted as Intensive with an ISP: the partnership starts in its explore phase.
    await lead.ts.acceptIntensive({
      personId: ispId,
      credentials: 'Accredited primary Mastery Specialist; former head teacher',
      leaders: 'Head teacher and maths lead',
    });
    expect(await lead.ts.phase()).toContain('Explore');
    await expectAccessible(lead.page);
    const [partnership] = await t.db.select().from(tsPartnerships).where(eq(tsPartnerships.schoolUrn, urn));
    const partnershipUrl = `${t.baseUrl}${paths.targetedSupport.partnership(partnership!.id)}`;
    await lead.page.goto(`${t.baseUrl}${paths.targetedSupport.home}`);
    await lead.page.getByTestId('phase-explore').waitFor();
    await expectAccessible(lead.page);

    // The ISP takes the plan through its phases, recording a visit on the way.
    const isp = await signedIn(ispId);
    await isp.page.goto(`${t.baseUrl}${paths.targetedSupport.home}`);
    await isp.page.getByRole('link', { name: 'Beckside Primary School' }).click();
    await isp.page.getByTestId('plan-form').waitFor();
    await isp.ts.addToPlan('priority', 'Leaders plan maths together each week');
    await isp.ts.moveOn();
    expect(await isp.ts.phase()).toContain('Plan');
    await isp.ts.addToPlan('action', 'Daily fluency sessions in KS1', 'Maths lead');
    await isp.ts.moveOn();
    expect(await isp.ts.phase()).toContain('Deliver');
    await isp.page.getByTestId('record-visit').click();
    await isp.page.getByTestId('visit-form').waitFor();
    await new VisitsPage(isp.page).fillVisit({
      date: todayInEngland(),
      schoolUrn: urn,
      yearGroups: ['Year 1', 'Year 2'],
      focus: 'Fluency sessions led by the maths lead',
    });
    await new VisitsPage(isp.page).save();
    await isp.page.getByTestId('visit-details').waitFor();
    await isp.page.goto(partnershipUrl);
    expect(await isp.page.getByTestId('partnership-visits').textContent()).toContain(
      'Fluency sessions led by the maths lead',
    );
    await isp.ts.addToPlan('evidence', 'Pupils recall number bonds quickly in Year 2');
    await isp.ts.moveOn();
    expect(await isp.ts.phase()).toContain('Sustain');
    expect(await isp.page.getByTestId('plan-deliver').textContent()).toContain('Pupils recall number bonds');
    await expectAccessible(isp.page);
    await isp.context.close();

    // The hub's leadership hand the school over into a Development Work Group.
    await lead.page.goto(partnershipUrl);
    await lead.page.getByTestId('handover-link').click();
    await lead.page.getByTestId('handover-form').waitFor();
    await expectAccessible(lead.page);
    await lead.ts.handOver(workGroupId, 'Leaders now plan maths together; keep an eye on Year 5 staffing.');
    expect(await lead.ts.phase()).toContain('Moved on');
    await expectAccessible(lead.page);
    const [joined] = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.activityId, workGroupId));
    expect(joined?.schoolUrn).toBe(urn);
    await lead.context.close();

    // The Work Group's lead reads the transition notes on the school's journey.
    const wgLead = await signedIn(wgLeadId);
    await wgLead.page.goto(`${t.baseUrl}${paths.myHub.school(urn)}`);
    expect(await wgLead.page.getByTestId('transition-notes').textContent()).toContain(
      'keep an eye on Year 5 staffing',
    );
    expect(await wgLead.page.getByTestId('targeted-support-stage').textContent()).toContain(
      'Targeted Support before Teaching for Mastery',
    );
    await expectAccessible(wgLead.page);
    await wgLead.context.close();

    // The annual report counts the partnership that took place.
    const [figures] = await annualFigures(t.db, { fromYear: year, toYear: year, hubId });
    expect(figures!.targetedSupportSchools).toBe(1);
  });
});
