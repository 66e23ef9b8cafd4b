import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  csrfFor,
  eventsAbout,
  type SignedIn,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { academicYears } from '../hubs/schema.ts';
import { copyCatalogueForward } from './copy-catalogue-forward.ts';
import { listCatalogueYears } from './list-ncps.ts';
import { loadShippedCatalogues } from './load-catalogue.ts';
import { ncps } from './schema.ts';

const ncpRow = async (t: TestContext, year: string, code: string) =>
  (
    await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, year), eq(ncps.code, code)))
  )[0];

describe('the catalogue of NCPs', () => {
  let t: TestContext;
  let admin: SignedIn;
  let analyst: SignedIn;
  let llme: Awaited<ReturnType<typeof signedInClient>>;
  let hubLead: Awaited<ReturnType<typeof signedInClient>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
    const hub = await makeHub(t.db);
    llme = await signedInClient(t.app, t.db, (await makePerson(t.db, [{ role: 'llme', hubId: hub.id }])).id);
    hubLead = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }])).id,
    );
  });
  afterAll(() => t.close());

  it('loads both shipped catalogues, and loading them again changes nothing', async () => {
    const first = await loadShippedCatalogues(t.db, systemActor('test'));
    expect(first).toEqual([
      { year: '2019/20', added: 25, changed: 0, unchanged: 0 },
      { year: '2023/24', added: 35, changed: 0, unchanged: 0 },
    ]);
    expect(await listCatalogueYears(t.db)).toEqual([
      // The handbook's "33 different Network Collaborative Projects" (35 codes: the ECT programmes'
      // second phases are the same NCPs); no RIWGs in the shipped catalogues.
      { year: '2023/24', ncpCount: 33, riwgCount: 0 },
      { year: '2019/20', ncpCount: 25, riwgCount: 0 },
    ]);
    const readiness = await ncpRow(t, '2023/24', 'NCP23-08');
    expect(readiness).toMatchObject({
      type: 'work_group',
      completesTfmStage: 'readiness',
      phases: ['primary'],
    });
    expect(readiness!.rules).toMatchObject({ groupSize: { min: 5, max: 8, unit: 'schools' } });
    expect((await ncpRow(t, '2019/20', 'NCP 19-11'))!.sections.models).toContain('A minimum of five schools');
    const eventCount = (await t.db.select().from(eventLog)).length;

    const again = await loadShippedCatalogues(t.db, systemActor('test'));
    expect(again.map((r) => [r.added, r.changed, r.unchanged])).toEqual([
      [0, 0, 25],
      [0, 0, 35],
    ]);
    expect((await t.db.select().from(eventLog)).length).toBe(eventCount);
    expect((await t.db.select().from(ncps)).length).toBe(60);
  });

  it('shows the years, a year’s catalogue and an NCP to every signed-in person', async () => {
    for (const client of [admin.client, analyst.client, llme, hubLead]) {
      const years = await client.get(paths.catalogue.years);
      expect(years.statusCode).toBe(200);
      expect(years.body).toMatch(
        /data-testid="year-2023-24"[\s\S]*?2023\/24[\s\S]*?data-testid="ncp-count">33</,
      );
      const year = await client.get(paths.catalogue.year('2023-24'));
      expect(year.statusCode).toBe(200);
      expect(year.body).toContain('data-testid="group-primary-work_group"');
      expect(year.body).toContain('Mastery Readiness Work Groups');
      expect(year.body).toMatch(/data-testid="result-count">\s*33 NCPs\./);
      const ncp = await client.get(paths.catalogue.ncp('2019-20', 'NCP 19-09'));
      expect(ncp.statusCode).toBe(200);
      expect(ncp.body).toContain('Primary Teaching for Mastery Development Work Groups');
      expect(ncp.body).toContain('F. Leads');
      expect(ncp.body).toContain('All Work Group leads must be accredited Mastery Specialist teachers');
      expect(ncp.body).toContain('A group has 6 to 7 schools.');
      expect(ncp.body).toContain('Practice development');
      // The specifications' "Required participation" is whether hubs must run the NCP, labelled so.
      expect(ncp.body).toMatch(
        /Required participation \(whether hubs must run it\)\s*<\/dt>\s*<dd[^>]*>\s*Required/,
      );
    }
    const anonymous = await t.app.inject({ method: 'GET', url: paths.catalogue.year('2023-24') });
    expect(anonymous.statusCode).toBe(302);
  });

  it('offers the edit link and the copy-forward form to national administrators only', async () => {
    expect((await admin.client.get(paths.catalogue.years)).body).toContain('data-testid="copy-forward-form"');
    expect((await analyst.client.get(paths.catalogue.years)).body).not.toContain('copy-forward-form');
    const url = paths.catalogue.ncp('2023-24', 'NCP23-09');
    expect((await admin.client.get(url)).body).toContain('data-testid="edit-ncp"');
    expect((await llme.get(url)).body).not.toContain('data-testid="edit-ncp"');
  });

  it('filters a year’s catalogue and downloads it as CSV and Excel', async () => {
    const page = await llme.get(`${paths.catalogue.year('2023-24')}?phase=post_16&type=work_group`);
    expect(page.body).toContain('3 of 33 NCPs.');
    expect(page.body).toContain('Developing A Level Pedagogy Work Groups');
    expect(page.body).not.toContain('Mastery Readiness Work Groups');
    const csv = await llme.get(`${paths.catalogue.year('2023-24')}?phase=post_16&type=work_group&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Code,Title,Phases');
    expect(csv.body).toContain('NCP23-24,Developing A Level Pedagogy Work Groups');
    const xlsx = await llme.get(`${paths.catalogue.year('2023-24')}?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('links the first phase of the ECT programme to its second', async () => {
    const page = await llme.get(paths.catalogue.ncp('2023-24', 'NCP23-28a'));
    expect(page.body).toContain('data-testid="next-phase"');
    expect(page.body).toContain(`href="${paths.catalogue.ncp('2023-24', 'NCP23-28b')}"`);
    expect((await llme.get(paths.catalogue.ncp('2023-24', 'NCP23-99'))).statusCode).toBe(404);
    expect((await llme.get(paths.catalogue.year('2023-25'))).statusCode).toBe(404);
  });

  it('copies a catalogue forward to a new year, and refuses a year that has one', async () => {
    const response = await admin.client.submit(
      paths.catalogue.copyForward,
      { from: '2023/24', to: '2024/25' },
      paths.catalogue.years,
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.catalogue.year('2024-25'));
    expect((await t.db.select().from(academicYears).where(eq(academicYears.code, '2024/25'))).length).toBe(1);
    const copied = await t.db.select().from(ncps).where(eq(ncps.yearCode, '2024/25'));
    expect(copied).toHaveLength(35);
    expect(await ncpRow(t, '2024/25', 'NCP24-08')).toMatchObject({
      title: 'Mastery Readiness Work Groups',
      rules: { groupSize: { min: 5, max: 8, unit: 'schools' } },
    });
    expect((await ncpRow(t, '2024/25', 'NCP24-28a'))!.nextNcpCode).toBe('NCP24-28b');
    const [event] = await eventsAbout(t.db, 'catalogue', '2024/25');
    expect(event).toMatchObject({ action: 'catalogue.copied', actorLabel: admin.actorLabel });
    // In 2023/24, the Phase 1 page now links Phase 2 in the next year's catalogue.
    expect((await llme.get(paths.catalogue.ncp('2023-24', 'NCP23-28a'))).body).toContain(
      `href="${paths.catalogue.ncp('2024-25', 'NCP24-28b')}"`,
    );

    const refused = await admin.client.submit(
      paths.catalogue.copyForward,
      { from: '2019/20', to: '2024/25' },
      paths.catalogue.years,
    );
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(paths.catalogue.years);
    const form = await admin.client.get(paths.catalogue.years);
    expect(form.body).toContain('2024/25 already has a catalogue of 33 NCPs');
    expect(form.body).toContain('govuk-error-summary');
    expect(await t.db.select().from(ncps).where(eq(ncps.yearCode, '2024/25'))).toHaveLength(35);
    await expect(
      copyCatalogueForward(t.db, systemActor('test'), { from: '2023/24', to: '2022/23' }),
    ).rejects.toThrow();
  });

  it('edits an NCP: a wrong group size keeps the input; a good edit records the changed fields', async () => {
    const url = paths.catalogue.editNcp('2023-24', 'NCP23-09');
    const form = await admin.client.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Primary Teaching for Mastery Development Work Groups"');
    const fields = {
      title: 'Primary TfM Development Work Groups (renamed)',
      phases: ['primary'],
      type: 'work_group',
      participation: 'required',
      strand: 'primary-tfm-development',
      completesTfmStage: 'development',
      nextNcpCode: '',
      groupSizeMin: '8',
      groupSizeMax: '6',
      groupSizeUnit: 'schools',
      leadRequires: ['mastery_specialist'],
      summary: 'Specialists lead groups of 6 or 7 schools.',
    };
    const bad = await admin.client.submit(url, fields);
    expect(bad.statusCode).toBe(303);
    expect(bad.headers.location).toBe(url);
    const again = await admin.client.get(url);
    expect(again.body).toContain('The largest group cannot be smaller than the smallest');
    expect(again.body).toContain('value="Primary TfM Development Work Groups (renamed)"');
    expect(again.body).toContain('Specialists lead groups of 6 or 7 schools.');
    expect((await ncpRow(t, '2023/24', 'NCP23-09'))!.title).toBe(
      'Primary Teaching for Mastery Development Work Groups',
    );

    const good = await admin.client.submit(url, { ...fields, groupSizeMin: '6', groupSizeMax: '8' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe(paths.catalogue.ncp('2023-24', 'NCP23-09'));
    const row = (await ncpRow(t, '2023/24', 'NCP23-09'))!;
    expect(row).toMatchObject({
      title: 'Primary TfM Development Work Groups (renamed)',
      participation: 'required',
      rules: { groupSize: { min: 6, max: 8, unit: 'schools' }, leadRequires: ['mastery_specialist'] },
      sections: { summary: 'Specialists lead groups of 6 or 7 schools.' },
    });
    const [event] = await eventsAbout(t.db, 'ncp', row.id);
    expect(event).toMatchObject({ action: 'ncp.updated', actorLabel: admin.actorLabel });
    expect(Object.keys(event!.changes as object).sort()).toEqual(
      ['code', 'participation', 'rules', 'sections', 'title', 'year'].sort(),
    );
    const page = await llme.get(paths.catalogue.ncp('2023-24', 'NCP23-09'));
    expect(page.body).toContain('A group has 6 to 8 schools.');
  });

  it('shows long specification text again at once when an edit is wrong', async () => {
    const url = paths.catalogue.editNcp('2019-20', 'NCP 19-11');
    const long = 'The Mastery Readiness Leads work with schools. '.repeat(200);
    const response = await admin.client.submit(url, {
      title: '',
      phases: ['primary'],
      type: 'work_group',
      participation: 'required',
      models: long,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the NCP’s title');
    expect(response.body).toContain(long.trim());
  });

  it('refuses edits and copies from anyone but a national administrator', async () => {
    const url = paths.catalogue.editNcp('2023-24', 'NCP23-10');
    for (const client of [analyst.client, hubLead, llme]) {
      expect((await client.get(url)).statusCode).toBe(403);
      const csrf = await csrfFor(t.app, t.db, url, client);
      const post = await client.post(url, {
        _csrf: csrf,
        title: 'Changed',
        phases: 'primary',
        type: 'work_group',
        participation: 'required',
      });
      expect(post.statusCode).toBe(403);
      const copy = await client.post(paths.catalogue.copyForward, {
        _csrf: csrf,
        from: '2023/24',
        to: '2030/31',
      });
      expect(copy.statusCode).toBe(403);
    }
    expect((await ncpRow(t, '2023/24', 'NCP23-10'))!.title).toBe(
      'Primary Teaching for Mastery Embedding Work Groups',
    );
    expect(await t.db.select().from(ncps).where(eq(ncps.yearCode, '2030/31'))).toHaveLength(0);
  });

  it('gives the catalogue and an NCP through the public API', async () => {
    const list = await t.app.inject({ method: 'GET', url: paths.api.catalogue('2019-20') });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.year).toBe('2019/20');
    expect(body.ncps).toHaveLength(25);
    expect(body.ncps[0]).toMatchObject({ code: 'NCP 19-01', type: 'programme' });
    const one = await t.app.inject({ method: 'GET', url: paths.api.ncp('2023-24', 'NCP23-06') });
    expect(one.statusCode).toBe(200);
    expect(one.json().ncp).toMatchObject({
      code: 'NCP23-06',
      rules: { prerequisites: { stage: 'sustaining', completedStrands: ['mastering-number-reception-ks1'] } },
      rulesInWords: [
        'Only for schools that have reached the Sustaining stage of Teaching for Mastery.',
        'Only for those who have completed Mastering Number at Reception and KS1.',
      ],
    });
    const spaced = await t.app.inject({
      method: 'GET',
      url: paths.api.ncp('2019-20', encodeURIComponent('NCP 19-11')),
    });
    expect(spaced.json().ncp.sections.outcomes.pupilOutcomes).toContain('mathematical mindset');
    expect((await t.app.inject({ method: 'GET', url: paths.api.catalogue('2031-32') })).statusCode).toBe(404);
  });
});
