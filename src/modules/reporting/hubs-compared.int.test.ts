import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/support/client.ts';
import {
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { silentProgress } from '../../platform/progress.ts';
import { loadDemoData } from '../demo/load-demo.ts';
import { readStatementIn } from '../funding/read-statement.ts';
import { annualFigures } from './annual-figures.ts';
import { type AnnualReport, buildAnnualReport, emptyYear, reportFigures } from './annual-report.ts';
import { type ComparisonRow, type HubsCompared, hubsCompared } from './hubs-compared.ts';
import { comparisonColumns } from './hubs-compared-columns.ts';
import { type ReportTable, reportTables } from './report-tables.ts';

const YEAR = '2023/24';

/** A table's rows by their first cell. */
const rowsOf = (tables: ReportTable[], name: string) =>
  new Map(tables.find((t) => t.name === name)!.rows.map((r) => [String(r[0]), r]));

/**
 * What the comparison must show for a hub or England, read from the annual report's own figures and
 * tables (the national report, or the hub's own version that its dashboard shows).
 */
function expectedRow(figures: AnnualReport['figures'], tables: ReportTable[]) {
  const f = (key: string) => figures.find((x) => x.key === key)!;
  const phase = rowsOf(tables, 'Engagement by phase');
  const primary = rowsOf(tables, 'Primary TfM stages');
  const secondary = rowsOf(tables, 'Secondary TfM stages');
  const stage = (name: string) => Number(primary.get(name)![1]) + Number(secondary.get(name)![1]);
  const share = (name: string) => ({
    engaged: Number(phase.get(name)![1]),
    schools: Number(phase.get(name)![2]),
    percent: Number(phase.get(name)![3]),
  });
  return {
    engaged: { engaged: f('schools_engaged').value, percent: f('schools_engaged').percent },
    phases: {
      primary: share('Primary'),
      secondary: share('Secondary'),
      post_16: share('Post-16 institutions'),
      other: share('All-through, special and other'),
    },
    tfm: {
      development: stage('Development'),
      embedding: stage('Embedding'),
      sustaining: stage('Sustaining'),
    },
    masteringNumber: {
      receptionKs1: f('mastering_number_reception_ks1').value,
      ks2: f('mastering_number_ks2').value,
    },
    sktm: tables.find((t) => t.name === 'SKTM participants')!.rows.reduce((sum, r) => sum + Number(r[1]), 0),
    llmes: f('llmes').value,
    targetedSupport: f('targeted_support').value,
  };
}

const shown = (r: ComparisonRow) => ({
  engaged: { engaged: r.engaged.engaged, percent: r.engaged.percent },
  phases: r.phases,
  tfm: r.tfm,
  masteringNumber: r.masteringNumber,
  sktm: r.sktm,
  llmes: r.llmes,
  targetedSupport: r.targetedSupport,
});

describe('the national team’s comparison of the 40 hubs (issue 17), on the demonstration network', () => {
  let t: TestContext;
  let compared: HubsCompared;
  let analyst: TestClient;

  beforeAll(async () => {
    t = await createTestApp();
    // Pinned to a day when 2023/24 is the demonstration's latest year, complete.
    await loadDemoData(t.services, silentProgress, { today: '2024-08-31' });
    // A state-funded primary school in no hub's area, whose teacher completed a Teaching for Mastery
    // Work Group of the year: England counts it, no hub does.
    const la = await makeLocalAuthority(t.db, { code: '998' });
    const outside = await makeSchool(t.db, { laCode: la.code, phase: 'primary' });
    const teacher = await makePerson(t.db);
    await t.db.execute(sql`INSERT INTO enrolments (activity_id, person_id, school_urn, status)
      SELECT a.id, ${teacher.id}, ${outside.urn}, 'completed' FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
      WHERE a.year_code = ${YEAR} AND a.status <> 'cancelled' AND n.completes_tfm_stage IS NOT NULL
      ORDER BY a.id LIMIT 1`);
    compared = await hubsCompared(t.db, { yearCode: YEAR });
    analyst = await signedInClient(t.app, t.db, (await makePerson(t.db, [{ role: 'national_analyst' }])).id);
  }, 240_000);
  afterAll(() => t.close());

  it('has the 40 hubs and England, with figures in every column', () => {
    expect(compared.hubs).toHaveLength(40);
    expect(compared.england.name).toBe('England');
    for (const c of comparisonColumns.slice(1)) {
      expect(Number(c.value(compared.england)), c.key).toBeGreaterThanOrEqual(0);
      if (c.key !== 'ambition')
        expect(
          compared.hubs.some((h) => Number(c.value(h)) > 0),
          c.key,
        ).toBe(true);
    }
  });

  it('England’s row is the annual report’s national figures, and the grant is the hubs’ statements added up', async () => {
    const report = await buildAnnualReport(t.db, { yearCode: YEAR });
    expect(shown(compared.england)).toEqual(expectedRow(report.figures, report.tables));
    // Its schools are more than the hubs' added up: the school in no hub's area is England's alone.
    const hubsEngaged = compared.hubs.reduce((sum, h) => sum + h.engaged.engaged, 0);
    expect(compared.england.engaged.engaged).toBe(hubsEngaged + 1);
    expect(compared.england.ambition).toBe(2_000);
    let grant = 0;
    for (const h of compared.hubs) grant += (await readStatementIn(t.db, h.hub!.id, YEAR)).totalPence;
    expect(compared.england.grantPence).toBe(grant);
    expect(grant).toBeGreaterThan(0);
  });

  it('each hub’s row is its own figures (its report and dashboard) and its grant statement’s total', async () => {
    for (const h of compared.hubs) {
      const [year] = await annualFigures(t.db, { fromYear: YEAR, toYear: YEAR, hubId: h.hub!.id });
      const now = year ?? emptyYear(YEAR);
      const expected = expectedRow(reportFigures(now, undefined), reportTables(now, undefined));
      expect(shown(h), h.name).toEqual(expected);
      expect(h.short, h.name).toBe(Math.max(0, 50 - h.llmes));
      expect(h.grantPence, h.name).toBe((await readStatementIn(t.db, h.hub!.id, YEAR)).totalPence);
    }
  }, 120_000);

  /** The hubs' names in the page's order. */
  const hubNames = (html: string) =>
    [...html.matchAll(/data-testid="hub-[^"]+">\s*<th scope="row"[^>]*><a[^>]*>([^<]+)</g)].map((m) =>
      m[1]!.replace(/&amp;/g, '&'),
    );

  it('shows a row per hub and England’s, by name first, and sorts by any column with plain links', async () => {
    const page = await analyst.get(`${paths.reports.hubsCompared}?year=2023-24`);
    expect(page.statusCode).toBe(200);
    const names = hubNames(page.body);
    expect(names).toHaveLength(40);
    const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
    expect(names).toEqual(compared.hubs.map((h) => h.name).sort(collator.compare));
    expect(page.body).toContain('data-testid="england"');
    expect(page.body).toMatch(/data-testid="sort-name"/);
    expect(page.body).toMatch(
      /aria-sort="ascending">\s*<a[^>]*href="\/reports\/hubs-compared\?year=2023-24&amp;sort=name&amp;order=desc"/,
    );
    // Every column is a sort link.
    for (const c of comparisonColumns) expect(page.body, c.key).toContain(`data-testid="sort-${c.key}"`);

    const byShare = await analyst.get(
      `${paths.reports.hubsCompared}?year=2023-24&sort=engaged_pct&order=desc`,
    );
    const shares = compared.hubs
      .map((h) => ({ name: h.name, v: h.engaged.percent }))
      .sort((a, b) => b.v - a.v || a.name.localeCompare(b.name));
    const sortedNames = hubNames(byShare.body);
    expect(sortedNames.map((n) => compared.hubs.find((h) => h.name === n)!.engaged.percent)).toEqual(
      shares.map((s) => s.v),
    );
    expect(byShare.body).toMatch(/aria-sort="descending">\s*<a[^>]*data-testid="sort-engaged_pct"/);
    expect(byShare.body).toMatch(/aria-sort="none">\s*<a[^>]*data-testid="sort-name"/);
    // England stays last whatever the order.
    expect(byShare.body.indexOf('data-testid="england"')).toBeGreaterThan(
      byShare.body.lastIndexOf('data-testid="hub-'),
    );

    const byGrant = await analyst.get(`${paths.reports.hubsCompared}?year=2023-24&sort=grant&order=asc`);
    const grants = hubNames(byGrant.body).map((n) => compared.hubs.find((h) => h.name === n)!.grantPence);
    expect(grants).toEqual([...grants].sort((a, b) => a - b));
    // `dir` is read as `order`.
    const byDir = await analyst.get(`${paths.reports.hubsCompared}?year=2023-24&sort=grant&dir=desc`);
    const dirGrants = hubNames(byDir.body).map((n) => compared.hubs.find((h) => h.name === n)!.grantPence);
    expect(dirGrants).toEqual([...dirGrants].sort((a, b) => b - a));
    // An unknown column sorts by name.
    const odd = await analyst.get(`${paths.reports.hubsCompared}?year=2023-24&sort=nonsense&order=up`);
    expect(odd.statusCode).toBe(200);
    expect(hubNames(odd.body)).toEqual(names);
  });

  it('gives the same table as CSV and Excel, sorted as asked, England last', async () => {
    const csv = await analyst.get(
      `${paths.reports.hubsCompared}?year=2023-24&sort=llmes&order=desc&format=csv`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('hubs-compared-2023-24.csv');
    const lines: string[][] = parse(csv.body, { bom: true });
    expect(lines).toHaveLength(42);
    expect(lines[0]![0]).toBe('Hub');
    expect(lines[0]).toContain('Grant (£)');
    expect(lines[0]).toHaveLength(comparisonColumns.length);
    expect(lines[41]![0]).toBe('England');
    const llmeColumn = comparisonColumns.findIndex((c) => c.key === 'llmes');
    const llmes = lines.slice(1, 41).map((l) => Number(l[llmeColumn]));
    expect(llmes).toEqual([...llmes].sort((a, b) => b - a));
    expect(Number(lines[41]![llmeColumn])).toBe(compared.england.llmes);
    const grantColumn = comparisonColumns.findIndex((c) => c.key === 'grant');
    expect(Number(lines[41]![grantColumn])).toBe(compared.england.grantPence / 100);

    const xlsx = await analyst.get(`${paths.reports.hubsCompared}?year=2023-24&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Hubs compared 2023 24');
    expect(sheet.rowCount).toBe(42);
    expect(sheet.getRow(42).getCell(1).value).toBe('England');
    expect(sheet.getRow(42).getCell(2).value).toBe(compared.england.engaged.engaged);
  });

  it('links the page from the National section and the annual report', async () => {
    const report = await analyst.get(`${paths.reports.annual}?year=2023-24`);
    expect(report.body).toContain('href="/reports/hubs-compared?year=2023-24"');
    expect(report.body).toContain(`href="${paths.reports.hubsCompared}"`);
  });

  it('is for the national team only', async () => {
    const hub = compared.hubs[0]!.hub!;
    const leader = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }])).id,
    );
    expect((await leader.get(paths.reports.hubsCompared)).statusCode).toBe(403);
  });
});
