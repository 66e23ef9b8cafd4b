import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { paths } from '../../platform/paths.ts';
import { hubActivities } from '../activities/schema.ts';
import { copyCatalogueForward } from './copy-catalogue-forward.ts';
import { loadShippedCatalogues } from './load-catalogue.ts';
import { catalogueStatus, markCataloguePublished, publishCatalogue } from './publication.ts';
import { catalogueYears, ncps } from './schema.ts';

const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year!,
  };
};

describe('publishing a year’s catalogue', () => {
  let t: TestContext;
  let admin: SignedIn;
  let lead: SignedIn;
  let hubId: number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInNationalAdmin(t.app, t.db);
    await makePerson(t.db, [{ role: 'national_admin' }], {
      givenName: 'Nadia',
      familyName: 'Okafor',
      email: 'nadia.okafor@ncetm.example',
    });
    const hub = await makeHub(t.db, { slug: 'north-west' });
    hubId = hub.id;
    lead = await signInHubLead(t.app, t.db, hub.id);
    await makeNcp(t.db, {
      yearCode: '2027/28',
      code: 'NCP27-09',
      title: 'Primary TfM Development Work Groups',
    });
    await makeNcp(t.db, {
      yearCode: '2027/28',
      code: 'NCP27-12',
      title: 'Primary TfM Sustaining Work Groups',
    });
  });
  afterAll(() => t.close());

  it('a catalogue copied forward is a draft: the national team sees it, hubs do not', async () => {
    const copied = await admin.client.submit(
      paths.catalogue.copyForward,
      { from: '2027/28', to: '2028/29' },
      paths.catalogue.years,
    );
    expect(copied.statusCode).toBe(303);
    expect(await catalogueStatus(t.db, '2028/29')).toEqual({ status: 'draft', ncpCount: 2 });
    expect(await catalogueStatus(t.db, '2027/28')).toEqual({ status: 'published', ncpCount: 2 });

    const years = await admin.client.get(paths.catalogue.years);
    expect(years.body).toMatch(/data-testid="year-2028-29"[\s\S]*?Draft/);
    expect(years.body).toMatch(/data-testid="year-2027-28"[\s\S]*?Published/);
    const year = await admin.client.get(paths.catalogue.year('2028-29'));
    expect(year.statusCode).toBe(200);
    expect(year.body).toContain(`href="${paths.catalogue.publish('2028-29')}"`);

    const hubYears = await lead.client.get(paths.catalogue.years);
    expect(hubYears.body).toContain('2027/28');
    expect(hubYears.body).not.toContain('2028/29');
    // The year's page says the catalogue is not published yet (a page, not a 404), and shows none of it.
    const hubYear = await lead.client.get(paths.catalogue.year('2028-29'));
    expect(hubYear.statusCode).toBe(200);
    expect(hubYear.body).toContain('The 2028/29 catalogue is not published yet');
    expect(hubYear.body).not.toContain('NCP28-09');
    const none = await lead.client.get(paths.catalogue.year('2035-36'));
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('There is no catalogue for 2035/36 yet');
    expect((await lead.client.get(paths.catalogue.ncp('2028-29', 'NCP28-09'))).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: paths.api.catalogue('2028-29') })).statusCode).toBe(404);
  });

  it('until it is published, a hub’s planning page says so, who to ask, and plans elsewhere; planning is refused', async () => {
    const formUrl = `${paths.myHub.newActivity}?year=2028-29`;
    const page = await lead.client.get(formUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The 2028/29 catalogue has not been published yet');
    expect(page.body).toContain('Nadia Okafor');
    expect(page.body).toContain('mailto:nadia.okafor@ncetm.example');
    expect(page.body).toContain('Plan an activity in 2027/28');
    expect(page.body).not.toContain('data-testid="plan-form"');

    const [draftNcp] = await t.db.select().from(ncps).where(eq(ncps.code, 'NCP28-09'));
    const fields = {
      year: '2028-29',
      ncpId: String(draftNcp!.id),
      kind: 'work_group',
      title: 'Development Work Group 1',
      ...dateFields('startsOn', '2028-09-20'),
      ...dateFields('endsOn', '2029-07-10'),
    };
    const refused = await lead.client.post(paths.myHub.newActivity, {
      ...fields,
      // The form of a published year gives the page's token (this year's page has no form to post).
      _csrf: await lead.client.csrfFrom(`${paths.myHub.newActivity}?year=2027-28`),
    });
    expect(refused.statusCode).toBe(303);
    const back = await lead.client.get(refused.headers.location as string);
    expect(back.body).toContain('There is a problem');
    expect(back.body).toContain(
      'The 2028/29 catalogue has not been published yet: you can plan under it once the NCETM publishes it',
    );
    expect(await t.db.select().from(hubActivities)).toEqual([]);
  });

  it('the national team publish it after a confirmation, logged; then hubs see it and plan under it', async () => {
    const confirm = await admin.client.get(paths.catalogue.publish('2028-29'));
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Hubs will be able to plan activities under these 2 NCPs');
    expect(await catalogueStatus(t.db, '2028/29')).toMatchObject({ status: 'draft' }); // looking never writes

    const published = await admin.client.submit(paths.catalogue.publish('2028-29'), {});
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(paths.catalogue.year('2028-29'));
    expect(await catalogueStatus(t.db, '2028/29')).toMatchObject({ status: 'published' });
    const [row] = await t.db.select().from(catalogueYears).where(eq(catalogueYears.yearCode, '2028/29'));
    expect(row!.publishedByPersonId).toBe(admin.personId);
    const [event] = await eventsAbout(t.db, 'catalogue', '2028/29');
    expect(event).toMatchObject({ action: 'catalogue.published', changes: { year: '2028/29', ncps: 2 } });
    expect(event!.actorPersonId).toBe(admin.personId);

    await expect(publishCatalogue(t.db, systemActor('test'), { year: '2028/29' })).rejects.toThrow(
      ValidationError,
    );
    expect((await lead.client.get(paths.catalogue.year('2028-29'))).statusCode).toBe(200);

    const formUrl = `${paths.myHub.newActivity}?year=2028-29`;
    const page = await lead.client.get(formUrl);
    expect(page.body).toContain('data-testid="plan-form"');
    expect(page.body).not.toContain('has not been published yet');
    const [ncp] = await t.db.select().from(ncps).where(eq(ncps.code, 'NCP28-09'));
    const planned = await lead.client.submit(
      paths.myHub.newActivity,
      {
        year: '2028-29',
        ncpId: String(ncp!.id),
        kind: 'work_group',
        title: 'Development Work Group 1',
        ...dateFields('startsOn', '2028-09-20'),
        ...dateFields('endsOn', '2029-07-10'),
      },
      formUrl,
    );
    expect(planned.statusCode).toBe(303);
    const [activity] = await t.db.select().from(hubActivities);
    expect(activity).toMatchObject({ hubId, yearCode: '2028/29', ncpId: ncp!.id });
  });

  it('a year with no catalogue at all: the same notice', async () => {
    const page = await lead.client.get(`${paths.myHub.newActivity}?year=2030-31`);
    expect(page.body).toContain('The 2030/31 catalogue has not been published yet');
    expect(page.body).toContain('Plan an activity in 2028/29');
  });

  it('catalogues loaded from a file are published as they load; marking a draft published logs it once', async () => {
    await loadShippedCatalogues(t.db, systemActor('test'));
    expect(await catalogueStatus(t.db, '2023/24')).toMatchObject({ status: 'published' });
    expect((await eventsAbout(t.db, 'catalogue', '2023/24')).map((e) => e.action)).toEqual([
      'catalogue.loaded',
    ]);

    await copyCatalogueForward(t.db, systemActor('test'), { from: '2023/24', to: '2024/25' });
    expect(await catalogueStatus(t.db, '2024/25')).toMatchObject({ status: 'draft' });
    expect(await t.db.transaction((tx) => markCataloguePublished(tx, systemActor('demo'), '2024/25'))).toBe(
      true,
    );
    expect(await t.db.transaction((tx) => markCataloguePublished(tx, systemActor('demo'), '2024/25'))).toBe(
      false,
    );
    expect((await eventsAbout(t.db, 'catalogue', '2024/25')).map((e) => e.action)).toEqual([
      'catalogue.published',
      'catalogue.copied',
    ]);
  });
});
