import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { academicYearOf, todayInEngland } from '../src/platform/dates.ts';
import { parseAcademicYear } from '../src/platform/params.ts';
import { paths } from '../src/platform/paths.ts';
import { makeActivity, makeNcp } from './support/delivery-factories.ts';
import { makeHub, makeLocalAuthority } from './support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAnalyst } from './support/hub-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

describe('one academic year control', () => {
  it('reads 2023-24 and 2023/24 alike, and nothing else as a year', () => {
    for (const typed of ['2023-24', '2023/24', ' 2023 / 24 ', '2023–24', '2023/2024'])
      expect(parseAcademicYear(typed)).toBe('2023/24');
    expect(parseAcademicYear('1999-00')).toBe('1999/00');
    for (const wrong of ['2023-25', '2023', '23/24', 'abc', '', undefined, '2023/2025'])
      expect(parseAcademicYear(wrong)).toBeNull();
  });

  describe('on the pages', () => {
    let t: TestContext;
    let lead: SignedIn;
    beforeAll(async () => {
      t = await createTestApp();
      await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
      const hub = await makeHub(t.db, { slug: 'north', name: 'North Maths Hub' }, [{ laCode: '383' }]);
      const ncp = await makeNcp(t.db, { yearCode: '2022/23', code: 'NCP22-09' });
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: '2022/23',
        title: 'An old Work Group',
      });
      lead = await signInHubLead(t.app, t.db, hub.id);
    });
    afterAll(() => t?.close());

    const selected = (body: string) =>
      /<select[^>]*id="year"[^>]*data-testid="year-control"[\s\S]*?<option value="([^"]+)" selected/.exec(
        body,
      )?.[1];

    it('shows the year typed as 2023/24 or 2022-23 on every page with the control, never another', async () => {
      for (const url of [
        paths.myHub.activities,
        paths.myHub.llmes,
        paths.funding.claims,
        paths.myHub.schools,
        paths.reports.hubDashboard,
      ]) {
        for (const [typed, shown] of [
          ['2022/23', '2022-23'],
          ['2022-23', '2022-23'],
        ]) {
          const page = await lead.client.get(`${url}?year=${encodeURIComponent(typed!)}`);
          expect(page.statusCode, `${url} ${typed}`).toBe(200);
          expect(selected(page.body), `${url} ${typed}`).toBe(shown);
        }
      }
      const activities = await lead.client.get(`${paths.myHub.activities}?year=2022%2F23`);
      expect(activities.body).toContain('An old Work Group');
    });

    it('lists only the years that exist, and opens on the current year', async () => {
      const page = await lead.client.get(paths.myHub.activities);
      const options = [
        ...(/<select[^>]*id="year"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '').matchAll(
          /value="([^"]+)"/g,
        ),
      ].map((m) => m[1]);
      expect(options).toContain('2022-23');
      expect(options).not.toContain('2015-16');
      expect(selected(page.body)).toBe(options[0]);
    });

    it('the annual report and the hub dashboard use the same control: both spellings, opening on this year', async () => {
      const analyst = await signInNationalAnalyst(t.app, t.db);
      const thisYear = academicYearOf(todayInEngland()).replace('/', '-');
      for (const [client, url] of [
        [analyst.client, paths.reports.annual],
        [analyst.client, paths.reports.hubsCompared],
        [lead.client, paths.reports.hubDashboard],
      ] as const) {
        const opened = await client.get(url);
        expect(opened.statusCode, url).toBe(200);
        expect(selected(opened.body), url).toBe(thisYear);
        for (const typed of ['2022/23', '2022-23']) {
          const page = await client.get(`${url}?year=${encodeURIComponent(typed)}`);
          expect(selected(page.body), `${url} ${typed}`).toBe('2022-23');
        }
      }
      // A year with no records: the report says so, not a 404.
      const empty = await analyst.client.get(`${paths.reports.annual}?year=2021-22`);
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toContain('data-testid="report-no-data"');
      expect(selected(empty.body)).toBe('2021-22');
      const noHubs = await analyst.client.get(`${paths.reports.hubsCompared}?year=2021-22`);
      expect(noHubs.statusCode).toBe(200);
      expect(noHubs.body).toContain('data-testid="compared-no-data"');
    });

    it('a year with no data shows an empty page that says so, not a 404', async () => {
      for (const typed of ['2021-22', '2021/22']) {
        const page = await lead.client.get(`${paths.myHub.activities}?year=${encodeURIComponent(typed)}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('North Maths Hub has no activities in 2021/22 yet');
        expect(page.body).not.toContain('An old Work Group');
      }
      const schools = await lead.client.get(`${paths.myHub.schools}?year=2021%2F22`);
      expect(schools.statusCode).toBe(200);
    });
  });
});
