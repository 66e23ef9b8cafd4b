import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearBefore } from '../../src/modules/activities/continue-activities.ts';
import {
  activitySchools,
  activitySessions,
  attendanceMarks,
  enrolments,
  hubActivities,
} from '../../src/modules/activities/schema.ts';
import { currentAcademicYear } from '../../src/modules/hubs/year-options.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { people } from '../../src/modules/people/schema.ts';
import { todayInEngland } from '../../src/platform/dates.ts';
import { clearRateLimits, latestCodeFor } from '../support/auth-helpers.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../support/factories.ts';
import { makeLastYearSustainingGroup } from '../support/year-factories.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * Issue 13's year, walked in a browser on a database whose current year (from today's date) has no
 * delivery and no catalogue yet: the national team publishes the new catalogue; the hub continues its
 * Sustaining group and plans a Development Work Group and an SKTM cohort; a school contact finds the
 * Work Group on the hub's offer page, is told the school is eligible and registers interest; the hub
 * registers the school and its teacher; a teacher new to the platform makes an account and registers
 * for the SKTM programme; a secondary school is refused with the reason; the LLME takes two registers;
 * the hub records outcomes and closes the activity; the school's stage becomes Development, its next
 * step Embedding, and the current year's report counts it. Every page is checked with axe.
 */
describe.skipIf(!browserAvailable)('the present year, walked in a browser', () => {
  let t: BrowserContext;
  let adminId: number;
  let leadId: number;
  let llmeId: number;
  let contactId: number;
  let school: { urn: number; name: string };
  let secondary: { urn: number };
  let newTeachersSchool: { urn: number };
  const year = currentAcademicYear();
  const last = yearBefore(year);
  const slug = year.replace('/', '-');
  const yy = year.slice(2, 4);

  beforeAll(async () => {
    t = await startBrowserTest();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    school = await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' });
    const sustainingSchool = await makeSchool(t.db, { laCode: '383', name: 'Moorview Primary School' });
    secondary = await makeSchool(t.db, {
      laCode: '383',
      name: 'Kirkgate Academy',
      phase: 'secondary',
      phaseOfEducation: 'Secondary',
    });
    newTeachersSchool = await makeSchool(t.db, { laCode: '383', name: 'Riverside Primary School' });
    adminId = (
      await makePerson(t.db, [{ role: 'national_admin' }], {
        email: `national@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Nadia',
        familyName: 'Okafor',
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
    contactId = (
      await makePerson(t.db, [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }], {
        email: `contact@${DEMO_EMAIL_DOMAIN}`,
        givenName: 'Cara',
        familyName: 'Contact',
        schoolUrn: school.urn,
      })
    ).id;
    const sustainingTeacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: sustainingSchool.urn,
    });
    // Last year's catalogue (published: loaded before this year began) and a Sustaining group.
    await makeLastYearSustainingGroup(t.db, {
      yearCode: last,
      hubId: hub.id,
      leadId: llmeId,
      schoolUrn: sustainingSchool.urn,
      teacherId: sustainingTeacher.id,
      withSktm: true,
    });
  });
  afterAll(() => t?.close());

  async function signedIn(personId: number): Promise<Page> {
    const page = await (await t.browser.newContext()).newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return page;
  }

  async function fillDate(page: Page, prefix: string, iso: string) {
    const [y, m, d] = iso.split('-');
    await page.locator(`#${prefix}-day`).fill(String(Number(d)));
    await page.locator(`#${prefix}-month`).fill(String(Number(m)));
    await page.locator(`#${prefix}-year`).fill(y!);
  }

  async function plan(page: Page, code: string, kind: string, title: string): Promise<number> {
    const start = Number(year.slice(0, 4));
    await page.goto(`${t.baseUrl}/hub/activities/new?year=${slug}`);
    const ncp = await page.locator('#ncpId option', { hasText: code }).getAttribute('value');
    await page.locator('#ncpId').selectOption(ncp!);
    await page.locator(`input[name="kind"][value="${kind}"]`).check();
    await page.locator('#title').fill(title);
    await fillDate(page, 'startsOn', `${start}-09-01`);
    await fillDate(page, 'endsOn', `${start + 1}-07-15`);
    await page.getByTestId('save').click();
    await page.getByTestId('activity-title').waitFor();
    await expectAccessible(page);
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.title, title));
    return row!.id;
  }

  /** Two days in this academic year before today (or its first days, early in September). */
  function pastSessionDays(): [string, string] {
    const start = Date.parse(`${year.slice(0, 4)}-09-01T12:00:00Z`);
    const today = Date.parse(`${todayInEngland()}T12:00:00Z`);
    const day = (ms: number) => new Date(Math.max(start, ms)).toISOString().slice(0, 10);
    return [day(today - 14 * 86_400_000), day(today - 7 * 86_400_000)];
  }

  it('runs the year from a new catalogue to the school’s next step', async () => {
    const national = await signedIn(adminId);
    const hub = await signedIn(leadId);

    // The national team copy last year's catalogue forward and publish it.
    await national.goto(`${t.baseUrl}/catalogue`);
    await national.locator('#from').selectOption(last);
    await national.locator('#to').fill(year);
    await national.getByTestId('copy-forward').click();
    await national.getByTestId('publish').click();
    await expectAccessible(national);
    await national.getByTestId('confirm-publish').click();
    await national.getByTestId('catalogue-status').waitFor();
    expect(await national.getByTestId('catalogue-status').textContent()).toContain('Published');

    // The hub continues its Sustaining group and plans a Development Work Group and an SKTM cohort.
    await hub.goto(`${t.baseUrl}/hub/activities?year=${slug}`);
    await hub.getByTestId('continue-activities').click();
    await hub.getByTestId('continue-form').waitFor();
    await expectAccessible(hub);
    await hub.getByTestId('continue').click();
    await hub.getByTestId('activities').waitFor();
    expect(await hub.locator('.govuk-notification-banner').textContent()).toContain(
      '1 activity has been copied',
    );
    const groupId = await plan(hub, `NCP${yy}-09`, 'work_group', 'Developing Mastery: Work Group 1');
    const cohortId = await plan(hub, `NCP${yy}-27`, 'programme_cohort', 'Primary SKTM cohort 1');
    // The SKTM cohort takes registrations straight from the offer page.
    await hub.goto(`${t.baseUrl}/activities/${cohortId}`);
    await hub.getByTestId('direct-registration-form').getByRole('button').click();
    await hub.getByTestId('activity-title').waitFor();
    // The LLME leads the Work Group, which meets twice.
    await hub.goto(`${t.baseUrl}/activities/${groupId}`);
    await hub.locator(`input[name="personId"][value="${llmeId}"]`).check();
    await hub.locator('#leadTitle').fill('Work Group Lead');
    await hub.getByTestId('add-lead').click();
    await hub.getByTestId(`lead-${llmeId}`).waitFor();
    for (const [i, day] of pastSessionDays().entries()) {
      await hub.locator('#sessionKind').selectOption('trg');
      await hub.locator('#sessionTitle').fill(`TRG ${i + 1}`);
      await fillDate(hub, 'sessionDate', day);
      await hub.locator('#sessionTime').fill('13:30');
      await hub.getByTestId('add-session').click();
      await hub
        .getByText(`TRG ${i + 1}`)
        .first()
        .waitFor();
    }
    await expectAccessible(hub);

    // A school contact finds the Work Group on the hub's offer page, is told the school is eligible,
    // and registers interest.
    const contact = await signedIn(contactId);
    await contact.goto(`${t.baseUrl}/hubs/west-yorkshire/offer`);
    const offer = contact.getByTestId(`offer-activity-${groupId}`);
    expect(await offer.textContent()).toContain('Your school is eligible');
    await expectAccessible(contact);
    await contact.getByTestId(`register-interest-${groupId}`).click();
    await contact.getByTestId('interest-form').waitFor();
    await expectAccessible(contact);
    await contact.getByTestId('interest-role').fill('Maths lead');
    await contact.getByTestId('interest-submit').click();
    await contact.getByTestId(`interest-registered-${groupId}`).waitFor();

    // The hub registers the school and its contact from the interest, then another of its teachers.
    await hub.goto(`${t.baseUrl}/activities/${groupId}`);
    await hub.getByTestId('activity-interest').click();
    await hub.getByTestId('interest-table').waitFor();
    await expectAccessible(hub);
    await hub.locator('input[name="interestIds"]').first().check();
    await hub.getByTestId('interest-register').click();
    await hub.waitForLoadState('domcontentloaded');
    await hub.goto(`${t.baseUrl}/activities/${groupId}`);
    await hub.getByTestId('register-a-participant').click();
    await hub.getByTestId('participant-form').waitFor();
    await hub.locator('#email').fill('sam.teacher@example.org');
    await hub.locator('#givenName').fill('Sam');
    await hub.locator('#familyName').fill('Teacher');
    await hub.locator('#schoolUrn').fill(String(school.urn));
    await hub.locator('#roleInSchool').fill('Class teacher');
    await hub.locator('input[name="yearGroups"]').first().check();
    await hub.getByTestId('register-participant').click();
    await hub.waitForLoadState('domcontentloaded');
    const groupEnrolments = await t.db.select().from(enrolments).where(eq(enrolments.activityId, groupId));
    expect(groupEnrolments).toHaveLength(2);
    const [schoolRow] = await t.db
      .select()
      .from(activitySchools)
      .where(and(eq(activitySchools.activityId, groupId), eq(activitySchools.schoolUrn, school.urn)));
    expect(schoolRow?.status).toBe('registered');

    // A secondary school is refused, with the reason, and what was typed is kept.
    await hub.goto(`${t.baseUrl}/activities/${groupId}`);
    await hub.locator('#urn').fill(String(secondary.urn));
    await hub.getByTestId('add-school').click();
    await hub.locator('.govuk-error-summary').waitFor();
    expect(await hub.locator('.govuk-error-summary').textContent()).toMatch(/primary/i);
    expect(await hub.locator('#urn').inputValue()).toBe(String(secondary.urn));
    await expectAccessible(hub);

    // A teacher new to the platform makes an account and registers for the SKTM programme.
    const teacher = await (await t.browser.newContext()).newPage();
    await clearRateLimits(t.db);
    await teacher.goto(`${t.baseUrl}/sign-in`);
    await teacher
      .getByRole('link', { name: /create an account/i })
      .first()
      .click();
    await teacher.getByTestId('create-account-form').waitFor();
    await expectAccessible(teacher);
    await teacher.locator('#givenName').fill('Priya');
    await teacher.locator('#familyName').fill('Shah');
    await teacher.locator('#email').fill('priya.shah@example.org');
    await teacher.locator('#schoolUrn').fill(String(newTeachersSchool.urn));
    await teacher.locator('#roleInSchool').fill('Class teacher');
    await teacher.locator('input[name="yearGroups"]').first().check();
    await teacher.getByTestId('create-account-submit').click();
    await teacher.getByTestId('account-code-form').waitFor();
    await expectAccessible(teacher);
    await teacher.getByTestId('account-code').fill(await latestCodeFor(t.db, 'priya.shah@example.org'));
    await teacher.getByTestId('account-code-submit').click();
    await teacher.waitForURL(/\/dashboard/);
    await teacher.goto(`${t.baseUrl}/hubs/west-yorkshire/offer`);
    await teacher.getByTestId(`register-${cohortId}`).click();
    await teacher.getByTestId('participant-form').waitFor();
    await expectAccessible(teacher);
    expect(await teacher.locator('#schoolUrn').inputValue()).toBe(String(newTeachersSchool.urn));
    await teacher.locator('#roleInSchool').fill('Class teacher');
    await teacher.getByTestId('register-participant').click();
    await teacher.waitForLoadState('domcontentloaded');
    const [priya] = await t.db.select().from(people).where(eq(people.email, 'priya.shah@example.org'));
    expect(
      await t.db
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.activityId, cohortId), eq(enrolments.personId, priya!.id))),
    ).toHaveLength(1);

    // The LLME takes the two registers.
    const llme = await signedIn(llmeId);
    const sessions = await t.db
      .select()
      .from(activitySessions)
      .where(eq(activitySessions.activityId, groupId));
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      await llme.goto(`${t.baseUrl}/activities/${groupId}`);
      await llme.getByTestId(`register-${s.id}`).click();
      await llme.getByTestId('save-register').waitFor();
      await expectAccessible(llme);
      for (const e of groupEnrolments)
        await llme.locator(`input[name$="${e.id}"][value="present"]`).first().check();
      await llme.getByTestId('save-register').click();
      await llme.waitForLoadState('domcontentloaded');
    }
    const marks = await t.db.select().from(attendanceMarks);
    expect(marks.filter((m) => m.status === 'present')).toHaveLength(4);

    // The hub records the outcomes and closes the activity.
    await hub.goto(`${t.baseUrl}/activities/${groupId}`);
    await hub.getByTestId('record-outcomes').click();
    await hub.getByTestId('outcomes-form').waitFor();
    await expectAccessible(hub);
    await hub.locator(`input[name="school-${school.urn}"][value="completed"]`).check();
    for (const e of groupEnrolments)
      await hub.locator(`input[name="participant-${e.id}"][value="completed"]`).check();
    await hub.getByTestId('save-outcomes').click();
    await hub.getByTestId('activity-title').waitFor();
    await hub.getByTestId('close-link').click();
    await hub.getByTestId('close-activity').waitFor();
    await expectAccessible(hub);
    await hub.getByTestId('close-activity').click();
    await hub.getByTestId('activity-status').waitFor();
    expect(await hub.getByTestId('activity-status').textContent()).toBe('Completed');

    // The school is at Development, its next step Embedding, and this year's report counts it.
    await hub.goto(`${t.baseUrl}/hub/schools/${school.urn}?year=${slug}`);
    expect(await hub.getByTestId('current-stage').textContent()).toBe('Development');
    expect(await hub.getByTestId('next-step').textContent()).toContain('Embedding');
    await expectAccessible(hub);
    await national.goto(`${t.baseUrl}/reports/annual?year=${slug}`);
    // Took part: Beckside completed its Work Group (Moorview's continued group has not met yet).
    const primaryTfm = national.getByTestId('figure-primary_tfm').getByTestId('value');
    expect((await primaryTfm.textContent())?.trim()).toMatch(/^1\b/);
    await expectAccessible(national);
  }, 400_000);
});
