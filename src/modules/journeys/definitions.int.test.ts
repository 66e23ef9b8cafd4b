import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { countEngagedSchools, engagedSchools } from './engaged-schools.ts';
import { programmeFunnels, tfmFunnels } from './funnels.ts';
import { type JourneyScenario, makeJourneyScenario } from './journey-scenario.int-support.ts';
import { countMasteringNumber, masteringNumberSchools } from './mastering-number.ts';
import { readyForNextStep } from './ready-for-next-step.ts';
import { schoolCriteria } from './schema.ts';
import { tfmStagesAt, tfmStagesByYear } from './tfm-stages.ts';

describe('the definitions of engagement, stages, Mastering Number, next steps and funnels', () => {
  let t: TestContext;
  let sc: JourneyScenario;
  const sorted = (...urns: number[]) => [...urns].sort((x, y) => x - y);

  beforeAll(async () => {
    t = await createTestApp();
    sc = await makeJourneyScenario(t.db);
  });
  afterAll(() => t.close());

  it('counts a school engaged only when it took part (attended or a recorded completion), once by its current URN', async () => {
    const { a, cNew, f, e, s: sustaining } = sc.schools;
    // S took part by its recorded completions (Mastering Number in 2023/24, Sustaining in 2022/23), without registers.
    expect(await engagedSchools(t.db, { yearCode: '2023/24' })).toEqual(
      sorted(a.urn, cNew.urn, f.urn, sustaining.urn),
    );
    expect(await countEngagedSchools(t.db, { yearCode: '2023/24', activityHubId: sc.hub.id })).toBe(4);
    expect(await countEngagedSchools(t.db, { yearCode: '2023/24', activityHubId: sc.otherHub.id })).toBe(0);
    // The teacher who moved counts for their new school in 2024/25, not for A (A counts through its own teacher).
    expect(await engagedSchools(t.db, { yearCode: '2024/25' })).toEqual(sorted(a.urn, e.urn));
    expect(await engagedSchools(t.db, { yearCode: '2024/25', urns: [e.urn, f.urn] })).toEqual([e.urn]);
    expect(await engagedSchools(t.db, { yearCode: '2022/23' })).toEqual([sustaining.urn]);
  });

  it('gives each school the highest stage it completed, permanently, carried across academy conversion', async () => {
    const { a, b, cOld, cNew, d, s } = sc.schools;
    const at2324 = await tfmStagesAt(t.db, { yearCode: '2023/24' });
    expect(at2324.get(a.urn)).toBe('readiness');
    expect(at2324.get(cNew.urn)).toBe('readiness');
    expect(at2324.has(cOld.urn)).toBe(false);
    expect(at2324.has(b.urn)).toBe(false);
    expect(at2324.has(d.urn)).toBe(false);
    expect(at2324.get(s.urn)).toBe('sustaining');
    const history = await tfmStagesByYear(t.db, { toYear: '2024/25', urns: [s.urn, a.urn] });
    expect(history).toEqual(
      [
        { urn: a.urn, yearCode: '2023/24', stage: 'readiness' },
        { urn: a.urn, yearCode: '2024/25', stage: 'readiness' },
        { urn: s.urn, yearCode: '2022/23', stage: 'sustaining' },
        { urn: s.urn, yearCode: '2023/24', stage: 'sustaining' },
        { urn: s.urn, yearCode: '2024/25', stage: 'sustaining' },
      ].sort((x, y) => x.urn - y.urn || x.yearCode.localeCompare(y.yearCode)),
    );
  });

  it('counts Mastering Number schools that completed or attended, not those only signed up', async () => {
    expect(await masteringNumberSchools(t.db, { yearCode: '2023/24' })).toEqual([
      { urn: sc.schools.s.urn, yearCode: '2023/24', programme: 'reception_ks1' },
    ]);
    expect(await countMasteringNumber(t.db, { yearCode: '2023/24' })).toEqual({
      reception_ks1: 1,
      ks2: 0,
      other: 0,
    });
    expect(await countMasteringNumber(t.db, { yearCode: '2024/25' })).toEqual({
      reception_ks1: 0,
      ks2: 0,
      other: 0,
    });
  });

  it('lists the hub’s schools ready for their next step, with the reason', async () => {
    const { a, b, cOld, cNew, d, e, s, f } = sc.schools;
    const ready = await readyForNextStep(t.db, { hubId: sc.hub.id, yearCode: '2023/24' });
    const byUrn = new Map(ready.map((r) => [r.urn, r.nextStep]));
    expect(byUrn.get(a.urn)?.next).toBe('development');
    expect(byUrn.get(a.urn)?.reason).toMatch(
      /Completed Mastery Readiness: ready for a Development Work Group/,
    );
    expect(byUrn.get(cNew.urn)?.next).toBe('development');
    expect(byUrn.has(b.urn)).toBe(false); // signed up to Readiness this year: in progress
    // Withdrew: a candidate again; most schools start with Development, Readiness only on its criteria.
    expect(byUrn.get(d.urn)?.next).toBe('development');
    expect(byUrn.get(e.urn)?.next).toBe('development'); // secondary: starts with Development
    expect(byUrn.get(s.urn)?.next).toBe('mastering_number_ks2');
    expect(byUrn.has(cOld.urn)).toBe(false); // closed
    expect(byUrn.has(f.urn)).toBe(false); // another hub's area
    const next = await readyForNextStep(t.db, { hubId: sc.hub.id, yearCode: '2024/25' });
    expect(next.some((r) => r.urn === a.urn)).toBe(false); // in its Development Work Group
    await t.db.insert(schoolCriteria).values({ schoolUrn: d.urn, criterionCode: 'high-staff-turnover' });
    const withCriteria = await readyForNextStep(t.db, { hubId: sc.hub.id, yearCode: '2023/24' });
    expect(withCriteria.find((r) => r.urn === d.urn)?.nextStep).toMatchObject({
      next: 'readiness',
      reason: expect.stringContaining('meets the Mastery Readiness criteria'),
    });
    await t.db.delete(schoolCriteria);
  });

  it('follows SKTM ECT Phase 1 → Phase 2 participants and Readiness → Development schools', async () => {
    const programme = await programmeFunnels(t.db, { hubId: sc.hub.id });
    expect(programme).toHaveLength(1);
    expect(programme[0]).toMatchObject({
      hubSlug: 'journey-hub',
      yearCode: '2023/24',
      started: 3,
      movedOn: 2,
      percent: 66.7,
      to: expect.stringContaining('Phase 2'),
    });
    expect(await programmeFunnels(t.db, { hubId: sc.otherHub.id })).toEqual([]);
    const tfm = await tfmFunnels(t.db, { hubId: sc.hub.id });
    expect(tfm).toEqual([
      expect.objectContaining({
        yearCode: '2023/24',
        from: 'Mastery Readiness',
        to: 'Development',
        started: 2,
        movedOn: 1,
        percent: 50,
      }),
    ]);
  });
});
