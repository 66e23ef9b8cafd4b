import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearBefore } from '../../src/modules/activities/continue-activities.ts';
import { enrolments, hubActivities } from '../../src/modules/activities/schema.ts';
import { currentAcademicYear } from '../../src/modules/hubs/year-options.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
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
 * A new year, on a database whose current year has no catalogue yet: the national team copies last
 * year's forward and publishes it; the hub is told before, then continues its Sustaining group and
 * plans a Development Work Group. Every page is checked with axe.
 */
describe.skipIf(!browserAvailable)('a new year in a browser', () => {
  let t: BrowserContext;
  let adminId: number;
  let leadId: number;
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
    const school = await makeSchool(t.db, { laCode: '383', name: 'Beckside Primary School' });
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
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    await makeLastYearSustainingGroup(t.db, {
      yearCode: last,
      hubId: hub.id,
      leadId: llme.id,
      schoolUrn: school.urn,
      teacherId: teacher.id,
    });
  });
  afterAll(() => t?.close());

  it('publishes the new catalogue; the hub is told before, continues its groups and plans after', async () => {
    const national = await (await t.browser.newContext()).newPage();
    await new SignInPage(national).open(t.baseUrl);
    await new SignInPage(national).useDemoAccount(adminId);
    const hub = await (await t.browser.newContext()).newPage();
    await new SignInPage(hub).open(t.baseUrl);
    await new SignInPage(hub).useDemoAccount(leadId);

    // The national team copy last year's catalogue forward: a draft.
    await national.goto(`${t.baseUrl}/catalogue`);
    await expectAccessible(national);
    await national.locator('#from').selectOption(last);
    await national.locator('#to').fill(year);
    await national.getByTestId('copy-forward').click();
    await national.getByTestId('publish').waitFor();
    expect(await national.getByTestId('catalogue-status').textContent()).toContain('Draft');
    await expectAccessible(national);

    // The hub's planning page says it is not published, who to ask, and plans elsewhere.
    await hub.goto(`${t.baseUrl}/hub/activities/new?year=${slug}`);
    const notice = hub.getByTestId('catalogue-not-published');
    expect(await notice.textContent()).toContain(`The ${year} catalogue has not been published yet`);
    expect(await notice.textContent()).toContain('Nadia Okafor');
    await expectAccessible(hub);
    await hub.goto(`${t.baseUrl}/hub/activities/continue?year=${slug}`);
    await hub.getByTestId('catalogue-not-published').waitFor();
    await expectAccessible(hub);

    // The national team publish it, after a confirmation.
    await national.getByTestId('publish').click();
    expect(await national.getByTestId('publish-consequence').textContent()).toContain(
      'Hubs will be able to plan activities under these 2 NCPs',
    );
    await expectAccessible(national);
    await national.getByTestId('confirm-publish').click();
    await national.getByTestId('catalogue-status').waitFor();
    expect(await national.getByTestId('catalogue-status').textContent()).toContain('Published');
    await expectAccessible(national);

    // The hub continues its Sustaining group from its activities list.
    await hub.goto(`${t.baseUrl}/hub/activities?year=${slug}`);
    await hub.getByTestId('continue-activities').click();
    await hub.getByTestId('continue-form').waitFor();
    expect(await hub.getByTestId('continuing').textContent()).toContain(`NCP${yy}-12`);
    await expectAccessible(hub);
    await hub.getByTestId('continue').click();
    await hub.getByTestId('activities').waitFor();
    expect(await hub.locator('.govuk-notification-banner').textContent()).toContain(
      `1 activity has been copied into ${year}, with 1 school and 1 participant`,
    );
    await expectAccessible(hub);
    const [copied] = await t.db.select().from(hubActivities).where(eq(hubActivities.yearCode, year));
    expect(copied).toMatchObject({ title: 'Sustaining Work Group 1', status: 'planned' });
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, copied!.id))).toHaveLength(1);

    // Running it again copies nothing: the page says every group was copied.
    await hub.goto(`${t.baseUrl}/hub/activities/continue?year=${slug}`);
    await hub.getByTestId('all-copied').waitFor();
    await expectAccessible(hub);

    // And plans a Development Work Group under the published catalogue.
    await hub.goto(`${t.baseUrl}/hub/activities/new?year=${slug}`);
    const development = await hub.locator('#ncpId option', { hasText: `NCP${yy}-09` }).getAttribute('value');
    await hub.locator('#ncpId').selectOption(development!);
    await hub.locator('input[name="kind"][value="work_group"]').check();
    await hub.locator('#title').fill('Developing Mastery: Work Group 1');
    const start = Number(year.slice(0, 4));
    for (const [prefix, [d, m, y]] of [
      ['startsOn', ['1', '10', String(start)]],
      ['endsOn', ['30', '6', String(start + 1)]],
    ] as const) {
      await hub.locator(`#${prefix}-day`).fill(d);
      await hub.locator(`#${prefix}-month`).fill(m);
      await hub.locator(`#${prefix}-year`).fill(y);
    }
    await hub.getByTestId('save').click();
    await hub.getByTestId('activity-title').waitFor();
    await expectAccessible(hub);
    expect(await t.db.select().from(hubActivities).where(eq(hubActivities.yearCode, year))).toHaveLength(2);
  });
});
