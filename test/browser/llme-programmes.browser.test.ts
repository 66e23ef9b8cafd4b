import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityLeads } from '../../src/modules/activities/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { accreditations } from '../../src/modules/people/schema.ts';
import { academicYearOf, todayInEngland } from '../../src/platform/dates.ts';
import { paths } from '../../src/platform/paths.ts';
import { makeActivity, makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * The LLME workforce (issue 16): a teacher applies for the PD Lead programme, the hub sponsors it, the
 * national team accepts it onto a cohort and records completion; the accreditation is on the person's page
 * and they may then lead an activity of an NCP that needs a PD Lead. Every page is checked with axe.
 */
describe.skipIf(!browserAvailable)('LLME development programmes in a browser', () => {
  let t: BrowserContext;
  let teacherId: number;
  let hubLeadId: number;
  let adminId: number;
  let activityId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const year = academicYearOf(todayInEngland());
    const ncp = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Development Work Groups',
      rules: { leadRequires: ['pd_lead'] },
    });
    activityId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: year,
        title: 'Developing Mastery WG 1',
      })
    ).id;
    teacherId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Priya',
        familyName: 'Shah',
      })
    ).id;
    hubLeadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `hub-lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    adminId = (
      await makePerson(t.db, [{ role: 'national_admin' }], { email: `ncetm-admin@${DEMO_EMAIL_DOMAIN}` })
    ).id;
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number): Promise<Page> {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return page;
  }

  it('a teacher applies for PD Lead, the hub sponsors, the national team accepts and records the accreditation; then they may lead', async () => {
    // The teacher: from the dashboard to the programmes, then the application form (an error first).
    const teacher = await signedIn(teacherId);
    await teacher.goto(`${t.baseUrl}${paths.dashboard}`);
    await teacher.getByTestId('llme-programmes-link').click();
    await teacher.getByTestId('no-applications').waitFor();
    await expectAccessible(teacher);
    await teacher.getByTestId('apply-link').click();
    await teacher.getByTestId('application-form').waitFor();
    await expectAccessible(teacher);
    await teacher.getByTestId('send-application').click();
    await teacher.locator('.govuk-error-summary').waitFor();
    await expectAccessible(teacher);
    await teacher.getByLabel('Professional Development Lead programme').check();
    await teacher
      .getByTestId('statement')
      .fill('I lead our Work Group and want to lead professional development.');
    await teacher.getByTestId('send-application').click();
    await teacher.getByTestId('application-status').waitFor();
    expect(await teacher.getByTestId('application-status').textContent()).toContain('Waiting for the hub');
    await expectAccessible(teacher);
    const applicationUrl = new URL(teacher.url()).pathname;

    // The hub: from its to-do list to the application; it sponsors with a reason.
    const hub = await signedIn(hubLeadId);
    await hub.goto(`${t.baseUrl}${paths.llme.applications}`);
    await hub.getByRole('link', { name: 'Priya Shah' }).click();
    await hub.getByTestId('sponsorship-form').waitFor();
    await expectAccessible(hub);
    await hub.getByTestId('sponsor-yes').check();
    await hub.getByTestId('sponsor-reason').fill('A strong Work Group Lead with two years’ experience.');
    await hub.getByTestId('save-sponsorship').click();
    await hub.locator('.govuk-notification-banner').waitFor();
    expect(await hub.getByTestId('application-status').textContent()).toContain(
      'waiting for the national team',
    );

    // The national team accept onto cohort 12, then record completion with the evidence link.
    const national = await signedIn(adminId);
    await national.goto(`${t.baseUrl}${applicationUrl}`);
    await national.getByTestId('decision-form').waitFor();
    await expectAccessible(national);
    await national.getByTestId('decision-accept').check();
    await national.getByTestId('decision-cohort').fill('12');
    await national.getByTestId('save-decision').click();
    await national.getByTestId('completion-form').waitFor();
    expect(await national.getByTestId('application-status').textContent()).toContain('Enrolled');
    await expectAccessible(national);
    const [y, m, d] = todayInEngland().split('-');
    await national.getByLabel('Day').fill(String(Number(d)));
    await national.getByLabel('Month').fill(String(Number(m)));
    await national.getByLabel('Year').fill(y!);
    await national.getByTestId('completion-evidence').fill('https://example.org/evidence/priya-shah.pdf');
    await national.getByTestId('save-completion').click();
    await national.locator('.govuk-notification-banner').waitFor();
    expect(await national.getByTestId('application-status').textContent()).toContain('Completed');
    await expectAccessible(national);

    // The accreditation is on the person's page, with the evidence link.
    await national.getByRole('link', { name: 'Priya Shah' }).first().click();
    await national.getByTestId('accreditation-pd_lead').waitFor();
    await expectAccessible(national);
    const [accreditation] = await t.db
      .select()
      .from(accreditations)
      .where(eq(accreditations.personId, teacherId));
    expect(accreditation).toMatchObject({ kind: 'pd_lead', cohort: '12' });

    // The hub may now choose them to lead the activity of the NCP that needs a PD Lead.
    await hub.goto(`${t.baseUrl}${paths.activity.show(activityId)}`);
    await hub.getByTestId('lead-choices').waitFor();
    await hub.locator(`input[name="personId"][value="${teacherId}"]`).check();
    await hub.locator('#leadTitle').fill('PD Lead');
    await hub.getByTestId('add-lead').click();
    await hub.getByTestId(`lead-${teacherId}`).waitFor();
    await expectAccessible(hub);
    const leads = await t.db.select().from(activityLeads).where(eq(activityLeads.activityId, activityId));
    expect(leads.map((l) => l.personId)).toContain(teacherId);
  });

  it('the hub’s leadership keep their LLME community (a lead, a meeting and its register) and see the workshops page', async () => {
    const hub = await signedIn(hubLeadId);
    await hub.goto(`${t.baseUrl}${paths.myHub.llmes}`);
    await hub.getByTestId('llme-community-link').click();
    await hub.getByTestId('community-lead-form').waitFor();
    await expectAccessible(hub);
    await hub.getByTestId('community-lead-person').selectOption(String(teacherId));
    await hub.getByTestId('add-community-lead').click();
    await hub.getByTestId(`community-lead-${teacherId}`).waitFor();
    await hub.getByTestId('meeting-title').fill('Autumn community meeting');
    const [y, m, d] = todayInEngland().split('-');
    const form = hub.getByTestId('community-meeting-form');
    await form.getByLabel('Day').fill(String(Number(d)));
    await form.getByLabel('Month').fill(String(Number(m)));
    await form.getByLabel('Year').fill(y!);
    await hub.getByTestId('record-meeting').click();
    await hub.getByTestId('community-register-form').waitFor();
    await expectAccessible(hub);
    await hub.getByTestId(`present-${teacherId}`).check();
    await hub.getByTestId('save-register').click();
    await hub.locator('.govuk-notification-banner').waitFor();
    await hub.getByRole('link', { name: 'Back to the LLME community' }).click();
    await hub.getByTestId('community-meetings').waitFor();
    await expectAccessible(hub);
    await hub.goto(`${t.baseUrl}${paths.llme.workshops}`);
    await hub.getByTestId('page-heading').waitFor();
    await expectAccessible(hub);
  });

  it('the national team record an accreditation on a person’s page and reach the import page', async () => {
    const national = await signedIn(adminId);
    await national.goto(`${t.baseUrl}${paths.admin.person(hubLeadId)}`);
    await national.getByTestId('add-accreditation-form').waitFor();
    await national.getByTestId('accreditation-kind').selectOption('school_development_lead');
    await national.getByTestId('accreditation-evidence').fill('not a link');
    await national.getByTestId('record-accreditation').click();
    await national.locator('.govuk-error-summary').waitFor();
    await expectAccessible(national);
    await national.getByTestId('accreditation-evidence').fill('https://example.org/sdl.pdf');
    await national.getByTestId('record-accreditation').click();
    await national.getByTestId('accreditation-school_development_lead').waitFor();
    await national.goto(`${t.baseUrl}${paths.admin.people}`);
    await national.getByTestId('import-accreditations-link').click();
    await national.getByTestId('accreditations-import-form').waitFor();
    await expectAccessible(national);
  });
});
