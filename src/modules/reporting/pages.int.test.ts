import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestClient } from '../../../test/support/client.ts';
import { makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { registerReportingCommands } from './commands.ts';
import { makeReportScenario, type ReportScenario } from './report-scenario.int-support.ts';

describe('the annual report page, downloads, API and command, and the hub dashboard', () => {
  let t: TestContext;
  let sc: ReportScenario;
  let analyst: TestClient;
  let northLeader: TestClient;
  let analystId: number;

  beforeAll(async () => {
    t = await createTestApp();
    sc = await makeReportScenario(t.db);
    analystId = (await makePerson(t.db, [{ role: 'national_analyst' }])).id;
    analyst = await signedInClient(t.app, t.db, analystId);
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: sc.north.id }]);
    northLeader = await signedInClient(t.app, t.db, leader.id);
  });
  afterAll(() => t.close());

  it('shows every figure with its comparison and definition, and charts with a table beside each', async () => {
    const res = await analyst.get('/reports/annual?year=2023-24');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Maths Hubs Programme annual report 2023/24');
    expect(html).toMatch(/data-testid="figure-schools_engaged"[\s\S]*?6 \(75%\)[\s\S]*?was 4 \(up 50%\)/);
    expect(html).toMatch(/data-testid="figure-hubs"[\s\S]*?>2<[\s\S]*?was 1 \(up 100%\)/);
    expect(html).toContain('Signing up is not engagement');
    expect(
      (html.match(/<svg role="img" aria-labelledby="chart-\d+-title chart-\d+-desc"/g) ?? []).length,
    ).toBe(5);
    expect((html.match(/data-testid="chart"/g) ?? []).length).toBe(5);
    // The trend over every year with records: a chart, and its table year by year.
    expect(html).toContain('<svg role="img" aria-labelledby="trend-title trend-desc"');
    const trend = html.match(/data-testid="trend-table"[\s\S]*?<\/table>/)![0];
    // Every year with records: the scenario's 2014/15 Work Group, then 2022/23 and 2023/24 (none between).
    expect([...trend.matchAll(/<th scope="row"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      '2014/15',
      '2022/23',
      '2023/24',
    ]);
    expect(trend).toMatch(/2023\/24<\/th>\s*<td[^>]*>2<\/td>/);
    // A ten-year figure is compared with the first year on record (the seed's "40 Maths Hubs — was 32"),
    // every other figure with the previous year.
    expect(html).toMatch(/data-testid="figure-hubs"[\s\S]*?2014\/15: was 1 \(up 100%\)/);
    expect(html).toMatch(/data-testid="figure-schools_engaged"[\s\S]*?was 4 \(up 50%\)/);
  });

  it('shows a year with no records as an empty report that says so, never "not found" (issue 14)', async () => {
    const res = await analyst.get('/reports/annual?year=2031-32');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-testid="report-no-data"');
    expect(res.body).toContain('There is no data for 2031/32 on record yet');
    const known = await analyst.get('/reports/annual?year=2023-24');
    expect(known.body).not.toContain('data-testid="report-no-data"');
  });

  it('says the headlines in one unit and in words, says "no data" for a year without, and names no source files (issue 14)', async () => {
    const html = (await analyst.get('/reports/annual?year=2023-24')).body;
    const headline = html.match(/data-testid="headline-schools_engaged"[\s\S]*?<\/div>/)![0];
    expect(headline).toContain('75%');
    // A share compared with a share, not "75% … was 4".
    expect(headline).toMatch(
      /data-testid="change">Was [\d.]+% in 2022\/23 \(4 schools\): up [\d.]+ percentage points</,
    );
    expect(html).not.toMatch(/[▲▼]/);
    expect(html).not.toMatch(/\b[\w-]+\.(ts|md|sql|njk)\b/);
    // The first year with data has nothing before it: "no data", not "was 0".
    const first = (await analyst.get('/reports/annual?year=2022-23')).body;
    expect(first).toContain('No data for 2021/22');
    expect(first).not.toMatch(/was 0\b/i);
  });

  it('downloads the same figures as CSV, Excel (one sheet per table) and PDF', async () => {
    const csv = await analyst.get('/reports/annual?year=2023-24&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(
      'Schools in England engaged with their Maths Hub,schools_engaged,6,75,4,was 4 (up 50%),2022/23',
    );
    const xlsx = await analyst.get('/reports/annual?year=2023-24&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Figures',
      'Engagement by phase',
      'Primary TfM stages',
      'Secondary TfM stages',
      'SKTM participants',
      'LLME development',
      'Mastery Specialists by hub',
    ]);
    expect(book.getWorksheet('Primary TfM stages')!.getRow(2).values).toEqual([
      undefined,
      'Mastery Readiness',
      2,
      0,
    ]);
    const pdf = await analyst.get('/reports/annual?year=2023-24&format=pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('gives the API and the command the same report', async () => {
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: analystId,
      name: 'report',
    });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/annual/2023-24',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const engaged = body.figures.find((f: { key: string }) => f.key === 'schools_engaged');
    expect([engaged.value, engaged.percent, engaged.change]).toEqual([6, 75, 'was 4 (up 50%)']);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/reports/annual/2031-32',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(404);

    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const program = new Command().exitOverride();
      registerReportingCommands(program, (work) => work(t.services));
      await program.parseAsync([
        'node',
        'mathshubs',
        'report',
        'annual',
        '--year',
        '2023/24',
        '--format',
        'json',
      ]);
      await program.parseAsync([
        'node',
        'mathshubs',
        'report',
        'annual',
        '--year',
        '2023/24',
        '--format',
        'csv',
      ]);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(written[0]!).figures).toEqual(body.figures);
    expect(written[1]).toContain('Schools in England engaged with their Maths Hub,schools_engaged,6,75,4');
  });

  it('keeps the national report to national staff', async () => {
    expect((await northLeader.get('/reports/annual')).statusCode).toBe(403);
  });

  it('shows hub leadership their hub beside the nation, area engagement and the cold spots, disadvantaged first', async () => {
    const res = await northLeader.get('/hub/dashboard?year=2023-24');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-testid="figure-schools_engaged"[\s\S]*?5 \(71.4%\)[\s\S]*?6 \(75%\)/);
    expect(res.body).toMatch(/Northshire<\/th>\s*<td[^>]*>7<\/td>\s*<td[^>]*>5<\/td>/);
    // P2 (41% FSM, Targeted Support), SP: not engaged; P2 first. (S2 took part: its completion is recorded.)
    expect(res.body).toMatch(
      /2 schools of the area were not engaged: 1 of them disadvantaged[^,]*, 1 in Targeted Support/,
    );
    const cold = (res.body.match(/data-testid="cold-spot"[\s\S]*?<\/tr>/g) ?? []).map(
      (r) => r.match(/">([^<]+)<\/a>/)![1],
    );
    expect(cold).toEqual(['Beech Primary School', 'Holly Special School']);
    expect(res.body).toContain(`/hub/schools/${sc.schools.p2.urn}?year=2023-24`);
    const csv = await northLeader.get('/hub/dashboard?year=2023-24&format=csv');
    expect(csv.body).toContain(`${sc.schools.p2.urn},Beech Primary School,primary,Northshire,,41,Yes,Yes`);
    expect((await northLeader.get('/hub/dashboard?hub=south-hub')).statusCode).toBe(404);
    expect((await analyst.get('/hub/dashboard?hub=south-hub&year=2023-24')).statusCode).toBe(200);
  });
});
