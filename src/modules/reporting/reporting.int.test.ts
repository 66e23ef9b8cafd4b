import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { isMasteringNumber, masteringNumberProgramme } from '../journeys/journey-rules.ts';
import { masteringNumberProgrammeSql } from '../journeys/mastering-number.ts';
import { annualFigures, specialistsByHub } from './annual-figures.ts';
import { buildAnnualReport } from './annual-report.ts';
import { makeReportScenario, type ReportScenario } from './report-scenario.int-support.ts';
import type { YearFigures } from './year-figures.ts';

describe('the annual report’s figures on a hand-made network with known answers', () => {
  let t: TestContext;
  let sc: ReportScenario;
  let national: YearFigures[];
  const year = (code: string) => national.find((y) => y.yearCode === code)!;
  const engagement = (y: YearFigures) =>
    Object.fromEntries(y.engagement.map((e) => [e.phase, [e.engaged, e.schools]]));

  beforeAll(async () => {
    t = await createTestApp();
    sc = await makeReportScenario(t.db);
    national = await annualFigures(t.db, { fromYear: '2022/23', toYear: '2023/24' });
  });
  afterAll(() => t.close());

  it('counts engaged state-funded schools by phase: attended, not signed up; academies once; closed schools in the years they were open', () => {
    // 2023/24: P1, Cnew (through Cold's URN), F; S1, S2 (its completion is recorded: it took part, without
    // registers); C16. Not P2 (absent), SP, Ind (independent); Cold and Closed were not open.
    expect(engagement(year('2023/24'))).toEqual({
      primary: [3, 4],
      secondary: [2, 2],
      post_16: [1, 1],
      other: [0, 1],
    });
    // 2022/23: P1 (the mover's old school), Closed (open until December), C16; Cold, which completed
    // Sustaining (taking part: a recorded completion), counts as Cnew, once.
    expect(engagement(year('2022/23'))).toEqual({
      primary: [3, 5],
      secondary: [0, 2],
      post_16: [1, 1],
      other: [0, 1],
    });
  });

  it('counts schools by the highest Teaching for Mastery stage they took part in that year', () => {
    expect(year('2023/24').tfmStages).toEqual([
      { phase: 'primary', stage: 1, schools: 2 },
      { phase: 'secondary', stage: 2, schools: 1 },
      { phase: 'secondary', stage: 4, schools: 1 },
    ]);
    expect(year('2022/23').tfmStages).toEqual([{ phase: 'primary', stage: 4, schools: 1 }]);
  });

  it('counts Mastering Number schools by programme, a predecessor’s attendance for its academy', () => {
    expect(year('2023/24').masteringNumber).toEqual({ receptionKs1: 1, ks2: 1 });
    expect(year('2022/23').masteringNumber).toEqual({ receptionKs1: 0, ks2: 0 });
  });

  it('counts SKTM participants as people who attended or completed, a merged duplicate once, across a move of school', () => {
    const y = year('2023/24');
    expect(y.sktm.secondary_non_specialist).toBe(1);
    expect(y.sktm.core_maths).toBe(1);
    expect(y.sktm.primary_teachers).toBe(0);
    expect(year('2022/23').sktm.primary_teachers).toBe(2);
  });

  it('counts active LLMEs (leading hub activity) and Mastery Specialists (accredited LLMEs), nationally and per hub', async () => {
    expect([year('2023/24').llmes, year('2023/24').masterySpecialists]).toEqual([2, 1]);
    expect([year('2022/23').llmes, year('2022/23').masterySpecialists]).toEqual([3, 1]);
    const byHub = await specialistsByHub(t.db, { yearCode: '2023/24' });
    expect(byHub.map((h) => [h.hubName, h.llmes, h.masterySpecialists])).toEqual([
      ['North Maths Hub', 1, 1],
      ['South Maths Hub', 1, 0],
    ]);
  });

  it('counts only the Post-16 Mastery Specialists beginning training that year', () => {
    expect(year('2023/24').llmesStartingDevelopment.post_16_mastery_specialists).toBe(1);
    expect(year('2022/23').llmesStartingDevelopment.post_16_mastery_specialists).toBe(1);
  });

  it('counts the institutions engaged in post-16 work, whatever their phase', () => {
    expect([year('2023/24').post16Institutions, year('2022/23').post16Institutions]).toEqual([1, 1]);
  });

  it('counts Targeted Support schools, RIWGs and their schools, NCPs and hubs', () => {
    const y = year('2023/24');
    expect(y.targetedSupportSchools).toBe(1);
    expect([y.riwgs, y.riwgSchools]).toEqual([1, 1]);
    // 12 NCP-coded projects, the ECT Phase 2 not counted again; the RIWG code is not an NCP.
    expect(y.ncps).toBe(11);
    expect(year('2022/23').ncps).toBe(3);
    expect([y.hubs, year('2022/23').hubs]).toEqual([2, 1]);
  });

  it('counts schools engaged with Teaching for Mastery since 2015/16, cumulatively', () => {
    expect(year('2023/24').cumulativeTfmSchools).toBe(5);
    expect(year('2022/23').cumulativeTfmSchools).toBe(1);
  });

  it('gives a hub its own figures for its area', async () => {
    const [north] = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24', hubId: sc.north.id });
    expect(engagement(north!)).toEqual({
      primary: [2, 3],
      secondary: [2, 2],
      post_16: [1, 1],
      other: [0, 1],
    });
    expect(north!.tfmStages).toEqual([
      { phase: 'primary', stage: 1, schools: 1 },
      { phase: 'secondary', stage: 2, schools: 1 },
      { phase: 'secondary', stage: 4, schools: 1 },
    ]);
    expect([
      north!.llmes,
      north!.sktm.core_maths,
      north!.llmesStartingDevelopment.post_16_mastery_specialists,
    ]).toEqual([1, 1, 0]);
  });

  it('writes the report with percentages and the report’s comparisons', async () => {
    const report = await buildAnnualReport(t.db, { yearCode: '2023/24' });
    const engaged = report.figures.find((f) => f.key === 'schools_engaged')!;
    expect([engaged.value, engaged.percent, engaged.previous, engaged.change]).toEqual([
      6,
      75,
      4,
      'was 4 (up 50%)',
    ]);
    expect(report.figures.find((f) => f.key === 'hubs')!.change).toBe('was 1 (up 100%)');
    expect(report.figures.find((f) => f.key === 'secondary_tfm_embedding_sustaining')!.value).toBe(1);
    expect(report.figures.every((f) => f.definition.length > 40)).toBe(true);
    expect(report.tables.find((x) => x.name === 'Primary TfM stages')!.rows).toEqual([
      ['Mastery Readiness', 2, 0],
      ['Development', 0, 0],
      ['Embedding', 0, 0],
      ['Sustaining', 0, 1],
    ]);
  });

  it('classifies Mastering Number NCPs in SQL exactly as the journeys rule does', async () => {
    const cases: [string, string | null][] = [
      ['Mastering Number at KS2 Work Groups', 'mastering-number-ks2'],
      ['Mastering Number at Reception and KS1 Work Groups', 'mastering-number-reception-ks1'],
      ['Mastering Number Embedding the Impact Communities', null],
      ['Mastering number: key stage 1', null],
      ['Mastery Readiness Work Groups', 'mastery-readiness'],
      ['Work Group', 'Mastering Number KS2'],
    ];
    for (const [title, strand] of cases) {
      const rows = await t.db.execute<{ p: string | null }>(
        sql`SELECT ${masteringNumberProgrammeSql(sql`${title}::text`, sql`${strand}::text`)} AS p`,
      );
      const expected = isMasteringNumber(title, strand) ? masteringNumberProgramme(title, strand) : null;
      expect([title, rows.rows[0]!.p]).toEqual([title, expected]);
    }
  });

  it('refreshes the reports’ view of attendance when a register changes', async () => {
    const before = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24' });
    expect(before[0]!.engagement.find((e) => e.phase === 'primary')!.engaged).toBe(3);
    // A teacher of P2 is marked present at the Readiness Work Group P2 signed up to: P2 is now engaged.
    await t.db.execute(sql`
      WITH a AS (SELECT x.activity_id FROM activity_schools x WHERE x.school_urn = ${sc.schools.p2.urn} LIMIT 1),
      s AS (INSERT INTO activity_sessions (activity_id, kind, title, starts_at)
            SELECT activity_id, 'trg', 'TRG', '2024-01-10T15:30:00Z' FROM a RETURNING id, activity_id),
      p AS (INSERT INTO people (email, given_name, family_name) VALUES ('p2teacher@example.org', 'P', 'Two') RETURNING id),
      e AS (INSERT INTO enrolments (activity_id, person_id, school_urn)
            SELECT a.activity_id, p.id, ${sc.schools.p2.urn} FROM a, p RETURNING id)
      INSERT INTO attendance_marks (session_id, enrolment_id, status) SELECT s.id, e.id, 'present' FROM s, e`);
    const after = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24' });
    expect(after[0]!.engagement.find((e) => e.phase === 'primary')!.engaged).toBe(4);
  });

  it('refreshes the view of schools’ years when which schools took part changes', async () => {
    const [before] = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24' });
    expect(before!.targetedSupportSchools).toBeGreaterThan(0);
    // Every school withdraws from every activity: none is in Targeted Support any more.
    await t.db.execute(sql`UPDATE activity_schools SET status = 'withdrawn'`);
    const [after] = await annualFigures(t.db, { fromYear: '2023/24', toYear: '2023/24' });
    expect(after!.targetedSupportSchools).toBe(0);
  });
});
