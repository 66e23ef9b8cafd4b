import { eq } from 'drizzle-orm';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import type { Database } from '../../platform/database.ts';
import { accreditations, people, roleAssignments } from '../people/schema.ts';
import { schoolLinks } from '../schools/schema.ts';

/**
 * A hand-made network whose annual-report figures are known (reporting.int.test.ts). Two hubs: North
 * (Northshire: P1, P2, Cold → Cnew, Closed, S1, S2, C16, SP, and Ind, an independent school) and South
 * (Southshire: F). 2023/24 against 2022/23:
 *  - P1 attended a Mastery Readiness Work Group and a RIWG; completed Mastering Number at Reception and KS1;
 *  - P2 signed up to the same Work Group, its teacher only ever absent: not engaged; in Targeted Support;
 *  - Cold completed Sustaining in 2022/23 (no registers) and converted to an academy, Cnew (opened
 *    1 September 2023); a teacher still enrolled with Cold's URN attended Mastering Number at KS2 in 2023/24;
 *  - Closed (closed December 2022, no successor) was engaged in 2022/23 through SKTM Primary Teachers;
 *  - S1 attended a secondary Development Work Group; S2 completed Embedding and Sustaining without registers;
 *  - C16 (16 to 19) attended SKTM Core Maths; SP (special) withdrew from Targeted Support, and completed a
 *    Readiness Work Group in 2014/15, before Teaching for Mastery's count begins;
 *  - a teacher who moved from P1 (SKTM Primary Teachers 2022/23) to S1 (Secondary Non-specialist 2023/24),
 *    with a duplicate record merged into them also enrolled and present: one participant;
 *  - Ind (independent) attended: never counted; F, in South, attended South's Readiness Work Group.
 * LLMEs: L1 (North, Mastery Specialist since 2021, leads Work Groups), L2 (North, ended July 2023, led a
 * 2022/23 Work Group), L3 (South hub leadership, post-16 Mastery Specialist accredited October 2024), L4
 * (North, leads nothing: not active). Post-16 Mastery Specialists: one new in 2023/24, one
 * continuing from 2022/23. A cancelled RIWG is not counted.
 */
export async function makeReportScenario(db: Database) {
  const northLa = await makeLocalAuthority(db, { name: 'Northshire' });
  const southLa = await makeLocalAuthority(db, { name: 'Southshire' });
  const north = await makeHub(db, { slug: 'north-hub', name: 'North Maths Hub' }, [{ laCode: northLa.code }]);
  const south = await makeHub(db, { slug: 'south-hub', name: 'South Maths Hub' }, [{ laCode: southLa.code }]);
  const school = (name: string, extra: Partial<Parameters<typeof makeSchool>[1]> = {}) =>
    makeSchool(db, { laCode: northLa.code, name, ...extra });
  const secondary = { phase: 'secondary' as const, phaseOfEducation: 'Secondary' };
  const p1 = await school('Ash Primary School');
  const p2 = await school('Beech Primary School', { percentageFsm: '41.00' });
  const cold = await school('Cherry Primary School', {
    isOpen: false,
    statusName: 'Closed',
    closeDate: '2023-08-31',
  });
  const cnew = await school('Cherry Primary Academy', {
    typeName: 'Academy converter',
    openDate: '2023-09-01',
  });
  const closed = await school('Dogwood Primary School', {
    isOpen: false,
    statusName: 'Closed',
    closeDate: '2022-12-31',
  });
  const s1 = await school('Elder Secondary School', secondary);
  const s2 = await school('Fig Secondary School', secondary);
  const c16 = await school('Gorse Sixth Form College', { phase: 'post_16', phaseOfEducation: '16 plus' });
  const sp = await school('Holly Special School', { phase: 'special', phaseOfEducation: 'Not applicable' });
  const ind = await school('Ivy Independent School', {
    isStateFunded: false,
    typeName: 'Other independent school',
  });
  const f = await makeSchool(db, { laCode: southLa.code, name: 'Juniper Primary School' });
  await db.insert(schoolLinks).values([
    { urn: cold.urn, linkedUrn: cnew.urn, linkType: 'Successor', linkName: cnew.name },
    { urn: cnew.urn, linkedUrn: cold.urn, linkType: 'Predecessor', linkName: cold.name },
  ]);

  const ncp = (yearCode: string, title: string, extra: Partial<Parameters<typeof makeNcp>[1]> = {}) =>
    makeNcp(db, { yearCode, title, ...extra });
  const readiness = await ncp('2023/24', 'Mastery Readiness Work Groups', { completesTfmStage: 'readiness' });
  const secDevelopment = await ncp('2023/24', 'Secondary Teaching for Mastery Development Work Groups', {
    phases: ['secondary'],
    completesTfmStage: 'development',
  });
  const secSustaining = await ncp(
    '2023/24',
    'Secondary Teaching for Mastery Embedding and Sustaining Work Groups',
    {
      phases: ['secondary'],
      completesTfmStage: 'sustaining',
    },
  );
  const sustaining2223 = await ncp('2022/23', 'Primary Teaching for Mastery Sustaining Work Groups', {
    completesTfmStage: 'sustaining',
  });
  const readiness1415 = await ncp('2014/15', 'Mastery Readiness Work Groups', {
    completesTfmStage: 'readiness',
  });
  const mnKs1 = await ncp('2023/24', 'Mastering Number at Reception and KS1 Work Groups', {
    strand: 'mastering-number-reception-ks1',
  });
  const mnKs2 = await ncp('2023/24', 'Mastering Number at KS2 Work Groups', {
    strand: 'mastering-number-ks2',
  });
  const programme = (yearCode: string, title: string, strand: string, extra = {}) =>
    ncp(yearCode, title, { strand, type: 'programme', ...extra });
  const sktmPrimary2223 = await programme('2022/23', 'SKTM: Primary Teachers', 'sktm-primary-teachers');
  const sktmPrimary2324 = await programme('2023/24', 'SKTM: Primary Teachers', 'sktm-primary-teachers');
  const sktmNonSpecialist = await programme(
    '2023/24',
    'SKTM: Non-specialists',
    'sktm-secondary-non-specialist',
  );
  const post16 = { phases: ['post_16' as const] };
  const sktmCoreMaths = await programme('2023/24', 'SKTM: Core Maths', 'sktm-core-maths', post16);
  await programme('2023/24', 'SKTM: Primary ECT Phase 1', 'sktm-primary-ect-phase-1', {
    code: 'NCP23-E1',
    nextNcpCode: 'NCP24-E2',
  });
  await programme('2023/24', 'SKTM: Primary ECT Phase 2', 'sktm-primary-ect-phase-2', { code: 'NCP23-E2' });
  const p16ms2223 = await programme(
    '2022/23',
    'Post-16 Mastery Specialists',
    'post-16-mastery-specialists',
    post16,
  );
  const p16ms2324 = await programme(
    '2023/24',
    'Post-16 Mastery Specialists',
    'post-16-mastery-specialists',
    post16,
  );
  const targeted = await ncp('2023/24', 'Targeted Support in Maths', { type: 'intensive_support' });
  const riwg = await makeNcp(db, {
    yearCode: '2023/24',
    code: 'RIWG23',
    title: 'Research and Innovation Work Groups',
    strand: 'research-and-innovation',
  });

  const person = () => makePerson(db, []);
  /** An activity with one session, and an enrolment per [school, mark] (mark null: none). */
  async function activity(
    hubId: number,
    ncpId: number,
    yearCode: string,
    enrolled: [number | null, 'present' | 'absent' | null, number?][],
    extra: { status?: string; kind?: 'work_group' | 'programme_cohort' | 'targeted_support' } = {},
  ) {
    const a = await makeActivity(db, { hubId, ncpId, yearCode, ...extra });
    const session = await makeSession(db, {
      activityId: a.id,
      startsAt: `${yearCode.slice(0, 4)}-11-15T15:30:00Z`,
    });
    for (const [urn, status, personId] of enrolled) {
      const e = await enrol(db, {
        activityId: a.id,
        personId: personId ?? (await person()).id,
        schoolUrn: urn,
      });
      if (status) await mark(db, session.id, e.id, status);
    }
    return a;
  }

  // 2023/24 Teaching for Mastery.
  const readinessWg = await activity(north.id, readiness.id, '2023/24', [
    [p1.urn, 'present'],
    [p2.urn, 'absent'],
  ]);
  await addSchool(db, readinessWg.id, p1.urn, 'completed');
  await addSchool(db, readinessWg.id, p2.urn, 'registered');
  await activity(north.id, secDevelopment.id, '2023/24', [[s1.urn, 'present']]);
  const secSustainingWg = await activity(north.id, secSustaining.id, '2023/24', []);
  await addSchool(db, secSustainingWg.id, s2.urn, 'completed');
  await activity(south.id, readiness.id, '2023/24', [[f.urn, 'present']]);
  await activity(south.id, readiness.id, '2023/24', [[ind.urn, 'present']]);
  // Earlier years.
  const sustainingWg = await activity(north.id, sustaining2223.id, '2022/23', []);
  await addSchool(db, sustainingWg.id, cold.urn, 'completed');
  const oldReadiness = await activity(north.id, readiness1415.id, '2014/15', []);
  await addSchool(db, oldReadiness.id, sp.urn, 'completed');
  // Mastering Number.
  const mnKs1Wg = await activity(north.id, mnKs1.id, '2023/24', []);
  await addSchool(db, mnKs1Wg.id, p1.urn, 'completed');
  await activity(north.id, mnKs2.id, '2023/24', [[cold.urn, 'present']]);
  // SKTM: the teacher who moved, their merged duplicate, and someone who only registered.
  const mover = await person();
  const duplicate = await person();
  await db.update(people).set({ mergedIntoPersonId: mover.id }).where(eqId(duplicate.id));
  await activity(
    north.id,
    sktmPrimary2223.id,
    '2022/23',
    [
      [p1.urn, 'present', mover.id],
      [closed.urn, 'present'],
    ],
    { kind: 'programme_cohort' },
  );
  await activity(
    north.id,
    sktmNonSpecialist.id,
    '2023/24',
    [
      [s1.urn, 'present', mover.id],
      [s1.urn, 'present', duplicate.id],
    ],
    { kind: 'programme_cohort' },
  );
  await activity(north.id, sktmPrimary2324.id, '2023/24', [[p2.urn, null]], { kind: 'programme_cohort' });
  await activity(north.id, sktmCoreMaths.id, '2023/24', [[c16.urn, 'present']], { kind: 'programme_cohort' });
  // Post-16 Mastery Specialists: one continuing from 2022/23, one new.
  const continuing = await person();
  await activity(north.id, p16ms2223.id, '2022/23', [[c16.urn, 'present', continuing.id]], {
    kind: 'programme_cohort',
  });
  await activity(
    south.id,
    p16ms2324.id,
    '2023/24',
    [
      [c16.urn, 'present', continuing.id],
      [c16.urn, 'present'],
    ],
    { kind: 'programme_cohort' },
  );
  // Targeted Support: P2 (registered), SP withdrew.
  const tsm = await activity(north.id, targeted.id, '2023/24', [], { kind: 'targeted_support' });
  await addSchool(db, tsm.id, p2.urn, 'registered');
  await addSchool(db, tsm.id, sp.urn, 'withdrawn');
  // RIWGs: one running, one cancelled.
  await activity(north.id, riwg.id, '2023/24', [[p1.urn, 'present']]);
  await activity(north.id, riwg.id, '2023/24', [[sp.urn, null]], { status: 'cancelled' });
  // LLMEs.
  const l1 = await person();
  const l2 = await person();
  const l3 = await person();
  const l4 = await person();
  await db.insert(roleAssignments).values([
    { personId: l1.id, role: 'llme', hubId: north.id, startsOn: '2020-09-01' },
    { personId: l2.id, role: 'llme', hubId: north.id, startsOn: '2020-09-01', endsOn: '2023-07-31' },
    { personId: l3.id, role: 'llme', hubId: south.id },
    { personId: l3.id, role: 'hub_leadership', hubId: south.id, title: 'Assistant Maths Hub Lead' },
    { personId: l4.id, role: 'llme', hubId: north.id },
  ]);
  // Active LLMEs lead hub activity: L1 leads Work Groups in both years, L2 in 2022/23; L3 is in South's
  // hub leadership; L4 holds the role and leads nothing (not active).
  await addLead(db, readinessWg.id, l1.id);
  await addLead(db, sustainingWg.id, l1.id);
  await addLead(db, sustainingWg.id, l2.id);
  await db.insert(accreditations).values([
    { personId: l1.id, kind: 'mastery_specialist', awardedOn: '2021-07-15' },
    { personId: l3.id, kind: 'post_16_mastery_specialist', awardedOn: '2024-10-01' },
  ]);
  return { north, south, schools: { p1, p2, cold, cnew, closed, s1, s2, c16, sp, ind, f } };
}

const eqId = (id: number) => eq(people.id, id);

export type ReportScenario = Awaited<ReturnType<typeof makeReportScenario>>;
