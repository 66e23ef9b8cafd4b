import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceMarks, enrolments, hubActivities } from '../../src/modules/activities/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { makeNcp } from '../support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/** A hub plans a Work Group, registers a teacher, takes a register and sees the school's journey. */
describe.skipIf(!browserAvailable)('hub delivery in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let llmeId: number;
  let ncpId: number;
  let schoolUrn: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    schoolUrn = (await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' })).urn;
    ncpId = (
      await makeNcp(t.db, {
        yearCode: '2023/24',
        code: 'NCP23-09',
        title: 'Primary Teaching for Mastery Development Work Groups',
        completesTfmStage: 'development',
        rules: { groupSize: { min: 6, max: 7, unit: 'schools' } },
      })
    ).id;
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    llmeId = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        email: `wgl@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Robin',
        familyName: 'Lead',
      })
    ).id;
  });
  afterAll(() => t?.close());

  it('plans a Work Group, registers a teacher, takes the register and shows the journey', async () => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(leadId);

    await page.goto(`${t.baseUrl}/hub/activities/new?year=2023-24`);
    await expectAccessible(page);
    await page.locator('#ncpId').selectOption(String(ncpId));
    await page.locator('input[name="kind"][value="work_group"]').check();
    await page.locator('#title').fill('Developing Mastery: Work Group 1');
    for (const [prefix, [d, m, y]] of [
      ['startsOn', ['1', '10', '2023']],
      ['endsOn', ['30', '6', '2024']],
    ] as const) {
      await page.locator(`#${prefix}-day`).fill(d);
      await page.locator(`#${prefix}-month`).fill(m);
      await page.locator(`#${prefix}-year`).fill(y);
    }
    await page.getByTestId('save').click();
    await page.getByTestId('activity-title').waitFor();
    const [activity] = await t.db.select().from(hubActivities);
    expect(activity!.title).toBe('Developing Mastery: Work Group 1');
    await expectAccessible(page);

    await page.locator('#urn').fill(String(schoolUrn));
    await page.getByTestId('add-school').click();
    await page.getByTestId('group-size-warning').waitFor();
    await page.locator(`input[name="personId"][value="${llmeId}"]`).check();
    await page.locator('#leadTitle').fill('Work Group Lead');
    await page.getByTestId('add-lead').click();
    await page.locator('#sessionKind').selectOption('trg');
    await page.locator('#sessionTitle').fill('TRG 1');
    await page.locator('#sessionDate-day').fill('10');
    await page.locator('#sessionDate-month').fill('10');
    await page.locator('#sessionDate-year').fill('2023');
    await page.locator('#sessionTime').fill('13:30');
    await page.getByTestId('add-session').click();
    await page.getByText('TRG 1').first().waitFor();
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/activities/${activity!.id}/register`);
    await expectAccessible(page);
    await page.locator('#email').fill('teacher@example.org');
    await page.locator('#givenName').fill('Sam');
    await page.locator('#familyName').fill('Teacher');
    await page.locator('#schoolUrn').fill(String(schoolUrn));
    await page.locator('#roleInSchool').fill('Maths lead');
    await page.locator('input[name="yearGroups"]').first().check();
    await page.getByTestId('register-participant').click();
    await page.waitForLoadState('domcontentloaded');
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.activityId, activity!.id));
    expect(enrolment).toBeDefined();
    await expectAccessible(page);

    await page.goto(`${t.baseUrl}/activities/${activity!.id}`);
    await page.getByRole('link', { name: /TRG 1/ }).first().click();
    await page.getByTestId('save-register').waitFor();
    await expectAccessible(page);
    await page.locator(`input[name$="${enrolment!.id}"][value="present"]`).first().check();
    await page.getByTestId('save-register').click();
    await page.waitForLoadState('domcontentloaded');
    const marks = await t.db
      .select()
      .from(attendanceMarks)
      .where(eq(attendanceMarks.enrolmentId, enrolment!.id));
    expect(marks.map((m) => m.status)).toEqual(['present']);

    await page.goto(`${t.baseUrl}/hub/schools/${schoolUrn}?year=2023-24`);
    expect(await page.locator('main').innerText()).toContain('Developing Mastery: Work Group 1');
    await expectAccessible(page);
    await context.close();
  });
});
