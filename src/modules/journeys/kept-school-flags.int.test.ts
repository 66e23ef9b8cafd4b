import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { engagedSchools } from './engaged-schools.ts';
import { hubAreaSchools } from './hub-area-schools.ts';
import { type JourneyScenario, makeJourneyScenario } from './journey-scenario.int-support.ts';
import { keptSchoolFlags } from './kept-school-flags.ts';
import { masteringNumberSchools } from './mastering-number.ts';

/**
 * The hub's school list reads engagement and Mastering Number from the counts the writes keep; these
 * must be what the definitions (`engagedSchools`, `masteringNumberSchools`) give, year by year.
 */
describe('the kept flags of a hub’s schools', () => {
  let t: TestContext;
  let sc: JourneyScenario;

  beforeAll(async () => {
    t = await createTestApp();
    sc = await makeJourneyScenario(t.db);
    // Mastering Number KS2 in 2024/25: Birch's teacher present (Birch had never been engaged), and the
    // old Cedar's record completed (it counts for the academy that succeeded it).
    const ks2 = await makeNcp(t.db, {
      yearCode: '2024/25',
      title: 'Mastering Number KS2 Work Groups',
      strand: 'Mastering Number',
    });
    const wg = await makeActivity(t.db, { hubId: sc.hub.id, ncpId: ks2.id, yearCode: '2024/25' });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: sc.hub.id }]);
    const session = await makeSession(t.db, { activityId: wg.id, startsAt: '2024-11-12T15:30:00Z' });
    const enrolment = await enrol(t.db, {
      activityId: wg.id,
      personId: teacher.id,
      schoolUrn: sc.schools.b.urn,
    });
    await mark(t.db, session.id, enrolment.id, 'present');
    await addSchool(t.db, wg.id, sc.schools.cOld.urn, 'completed');
  });
  afterAll(() => t?.close());

  it('agrees with the definitions for every school of the hub’s area, year by year', async () => {
    const urns = (await hubAreaSchools(t.db, sc.hub.id)).map((s) => s.urn);
    for (const yearCode of ['2022/23', '2023/24', '2024/25', '2025/26']) {
      const kept = await keptSchoolFlags(t.db, { yearCode, urns });
      const mn = await masteringNumberSchools(t.db, { toYear: yearCode, urns });
      const of = (programme: string) =>
        [...new Set(mn.filter((m) => m.programme === programme).map((m) => m.urn))].sort();
      expect([...kept.engaged].sort(), yearCode).toEqual(await engagedSchools(t.db, { yearCode, urns }));
      expect([...kept.masteringNumberReceptionKs1].sort(), yearCode).toEqual(of('reception_ks1'));
      expect([...kept.masteringNumberKs2].sort(), yearCode).toEqual(of('ks2'));
    }
  });

  it('counts a predecessor for its successor, keeps earlier years’ Mastering Number, and leaves out sign-ups', async () => {
    const { a, b, cOld, cNew, s } = sc.schools;
    const urns = [a.urn, b.urn, cNew.urn, s.urn];
    const y2324 = await keptSchoolFlags(t.db, { yearCode: '2023/24', urns });
    expect(y2324.engaged).toEqual(new Set([a.urn, cNew.urn, s.urn]));
    expect(y2324.masteringNumberReceptionKs1).toEqual(new Set([s.urn]));
    const y2425 = await keptSchoolFlags(t.db, { yearCode: '2024/25', urns });
    expect(y2425.engaged.has(b.urn)).toBe(true);
    expect(y2425.masteringNumberKs2).toEqual(new Set([b.urn, cNew.urn]));
    expect(y2425.masteringNumberReceptionKs1).toEqual(new Set([s.urn]));
    // Asked for the old URN itself: it has a successor, so it is not a school of its own.
    expect(
      (await keptSchoolFlags(t.db, { yearCode: '2024/25', urns: [cOld.urn] })).masteringNumberKs2.size,
    ).toBe(0);
  });
});
