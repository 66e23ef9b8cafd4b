import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { llmeRoster } from '../activities/llme-roster.ts';
import type { DeliveryKind } from '../bulk/formats.ts';
import { importDelivery } from '../bulk/import-delivery.ts';
import { activityFacts } from '../funding/activity-facts.ts';
import { accreditations } from '../people/schema.ts';
import { annualFigures, specialistsByHub } from '../reporting/annual-figures.ts';
import { engagedSchools } from './engaged-schools.ts';

/**
 * Issue 14's figures, each on a small world with known answers: one meaning of taking part (attended a
 * session, or a recorded completion) for engagement, participants and starts; withdrawn rows of an
 * import; "Both years" crossing into the next year's NCP; post-16 institutions; active LLMEs.
 */
let t: TestContext;
let laCode: string;
const actor = systemActor('cli:test');
const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const run = (kind: DeliveryKind, lines: string[]) =>
  importDelivery(
    t.db,
    actor,
    { scope: { allHubs: true }, kind, file: { fileName: `${kind}.csv`, bytes: csv(lines) } },
    { mailer: t.services.mailer },
  );
const rows = async (text: string, params: unknown[] = []) => (await t.db.$client.query(text, params)).rows;
const enrolmentsHeader =
  'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status,Both years,Withdrawal reason';
const figuresOf = async (yearCode: string, hubId?: number) =>
  (await annualFigures(t.db, { fromYear: yearCode, toYear: yearCode, hubId }))[0]!;

beforeAll(async () => {
  t = await createTestApp();
  laCode = (await makeLocalAuthority(t.db, { name: 'Testshire' })).code;
});
afterAll(() => t.close());

describe('a withdrawn participant does not make their school take part', () => {
  it('imports a withdrawn row without adding its school: Targeted Support and the grant count 7 schools, not 8', async () => {
    const hub = await makeHub(t.db, { slug: 'withdrawn-hub', name: 'Withdrawn Maths Hub' }, [{ laCode }]);
    const urns: number[] = [];
    for (let i = 0; i < 8; i++) urns.push((await makeSchool(t.db, { laCode })).urn);
    const ncp = await makeNcp(t.db, {
      code: 'NCP23-13',
      title: 'Targeted Support',
      type: 'intensive_support',
    });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, kind: 'targeted_support' });
    await rows(`UPDATE hub_activities SET reference = 'TS-1' WHERE id = $1`, [activity.id]);
    const line = (i: number, status: string, reason = '') =>
      `withdrawn-hub,2023/24,TS-1,ts${i}@school.example,Tess,Teacher ${i},${urns[i]},Class teacher,Y3,,,${status},,${reason}`;
    await run('enrolments', [
      enrolmentsHeader,
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => line(i, 'registered')),
      line(7, 'withdrawn', 'workload'),
    ]);
    const schools = await rows('SELECT school_urn FROM activity_schools WHERE activity_id = $1', [
      activity.id,
    ]);
    expect(schools.map((s) => s.school_urn).sort()).toEqual(urns.slice(0, 7).sort());
    const facts = await activityFacts(t.db, { yearCode: '2023/24', hubId: hub.id });
    expect(facts.find((f) => f.id === activity.id)!.schools).toBe(7);
    expect((await figuresOf('2023/24', hub.id)).targetedSupportSchools).toBe(7);
  });
});

describe('"Both years" crosses into the next year’s NCP of the same programme', () => {
  it('enrols a 2022/23 Phase 1 participant on the 2023/24 NCP23-28b group, or keeps the intent for it', async () => {
    const hub = await makeHub(t.db, { slug: 'both-hub', name: 'Both Maths Hub' });
    const other = await makeHub(t.db, { slug: 'both-other-hub', name: 'Both Other Maths Hub' });
    const urn = (await makeSchool(t.db, { laCode })).urn;
    const programme = { type: 'programme' as const, participation: 'not_required' as const };
    // The 2022/23 catalogue names the next phase by its own year's code (NCP22-28b), as the handbook does.
    const phase1 = await makeNcp(t.db, {
      ...programme,
      yearCode: '2022/23',
      code: 'NCP22-28a',
      title: 'SKTM Primary ECTs Phase 1',
      nextNcpCode: 'NCP22-28b',
    });
    await makeNcp(t.db, {
      ...programme,
      yearCode: '2022/23',
      code: 'NCP22-28b',
      title: 'SKTM Primary ECTs Phase 2',
    });
    const phase2 = await makeNcp(t.db, {
      ...programme,
      yearCode: '2023/24',
      code: 'NCP23-28b',
      title: 'SKTM Primary ECTs Phase 2',
    });
    for (const [h, ref] of [
      [hub.id, 'P1-A'],
      [other.id, 'P1-B'],
    ] as const) {
      const a = await makeActivity(t.db, {
        hubId: h,
        ncpId: phase1.id,
        yearCode: '2022/23',
        kind: 'programme_cohort',
      });
      await rows(`UPDATE hub_activities SET reference = $2 WHERE id = $1`, [a.id, ref]);
    }
    const group = await makeActivity(t.db, { hubId: hub.id, ncpId: phase2.id, kind: 'programme_cohort' });

    const result = await run('enrolments', [
      enrolmentsHeader,
      `both-hub,2022/23,P1-A,ava.ect@school.example,Ava,Ect,${urn},Early career teacher,Y2,,,,yes,`,
      `both-other-hub,2022/23,P1-B,bo.ect@school.example,Bo,Ect,${urn},Early career teacher,Y2,,,,yes,`,
    ]);
    expect(result.alsoAdded).toMatchObject({ nextPhaseEnrolments: 1, nextPhaseIntents: 1 });
    const [ava] = await rows(
      `SELECT e.activity_id FROM enrolments e JOIN people p ON p.id = e.person_id
       WHERE p.email = 'ava.ect@school.example' AND e.continues_enrolment_id IS NOT NULL`,
    );
    expect(ava).toEqual({ activity_id: group.id });
    const [intent] = await rows(
      `SELECT changes->>'nextNcpCode' AS code, changes->>'nextYearCode' AS year FROM event_log
       WHERE action = 'enrolment.continuation_intended'`,
    );
    expect(intent).toEqual({ code: 'NCP23-28b', year: '2023/24' });

    // When the other hub plans its 2023/24 NCP23-28b group, Bo is enrolled on it.
    const planned = await run('activities', [
      'Hub,Year,NCP,Reference,Kind,Title,Status',
      'both-other-hub,2023/24,NCP23-28b,P2-B,Programme cohort,Phase 2 cohort B,planned',
    ]);
    expect(planned.alsoAdded).toMatchObject({ continuingEnrolments: 1 });
    const [bo] = await rows(
      `SELECT a.reference FROM enrolments e JOIN people p ON p.id = e.person_id
       JOIN hub_activities a ON a.id = e.activity_id
       WHERE p.email = 'bo.ect@school.example' AND e.continues_enrolment_id IS NOT NULL`,
    );
    expect(bo).toEqual({ reference: 'P2-B' });
  });
});

describe('one meaning of taking part, and the figures that read it', () => {
  let hubId: number;
  const s: Record<string, number> = {};
  const person = async (roles: Parameters<typeof makePerson>[1] = []) => (await makePerson(t.db, roles)).id;

  beforeAll(async () => {
    const la = (await makeLocalAuthority(t.db, { name: 'Partshire' })).code;
    hubId = (await makeHub(t.db, { slug: 'parts-hub', name: 'Parts Maths Hub' }, [{ laCode: la }])).id;
    const school = async (name: string, extra: Partial<Parameters<typeof makeSchool>[1]> = {}) =>
      (await makeSchool(t.db, { laCode: la, name, ...extra })).urn;
    s.completer = await school('Completed Primary School');
    s.absent = await school('Absent Primary School');
    s.college = await school('Parts Sixth Form College', { phase: 'post_16', phaseOfEducation: '16 plus' });
    s.elevenToSixteen = await school('Parts 11-16 School', { phase: 'secondary', hasSixthForm: false });
    s.sixthForm = await school('Parts School with Sixth Form', { phase: 'secondary', hasSixthForm: true });

    // An SKTM teacher whose completion is recorded, with no registers; another signed up and absent.
    const sktm = await makeNcp(t.db, {
      title: 'SKTM Primary Teachers',
      strand: 'sktm-primary-teachers',
      type: 'programme',
    });
    const cohort = await makeActivity(t.db, { hubId, ncpId: sktm.id, kind: 'programme_cohort' });
    await enrol(t.db, {
      activityId: cohort.id,
      personId: await person(),
      schoolUrn: s.completer,
      status: 'completed',
    });
    const absentee = await enrol(t.db, {
      activityId: cohort.id,
      personId: await person(),
      schoolUrn: s.absent,
    });
    const session = await makeSession(t.db, { activityId: cohort.id, startsAt: '2023-10-10T15:00:00Z' });
    await mark(t.db, session.id, absentee.id, 'absent');

    // A cross-phase Work Group (secondary and post-16): a college, an 11 to 16 school, a school with a sixth form.
    const crossPhase = await makeNcp(t.db, {
      title: 'Cross-phase Work Group',
      phases: ['secondary', 'post_16'],
    });
    const group = await makeActivity(t.db, { hubId, ncpId: crossPhase.id });
    const groupSession = await makeSession(t.db, { activityId: group.id, startsAt: '2023-11-10T15:00:00Z' });
    for (const urn of [s.college!, s.elevenToSixteen!, s.sixthForm!]) {
      const e = await enrol(t.db, { activityId: group.id, personId: await person(), schoolUrn: urn });
      await mark(t.db, groupSession.id, e.id, 'present');
    }

    // Primary Mastery Specialists: Mo registered in 2022/23 but never attended, and first took part in
    // 2023/24 (a start in 2023/24); Nia took part in both years (a start in 2022/23 only).
    const msNcp = (yearCode: string) =>
      makeNcp(t.db, {
        yearCode,
        title: 'Primary Mastery Specialists',
        strand: 'primary-mastery-specialists',
        type: 'programme',
      });
    const ms22 = await makeActivity(t.db, {
      hubId,
      ncpId: (await msNcp('2022/23')).id,
      yearCode: '2022/23',
      kind: 'programme_cohort',
    });
    const ms23 = await makeActivity(t.db, {
      hubId,
      ncpId: (await msNcp('2023/24')).id,
      kind: 'programme_cohort',
    });
    const mo = await person();
    const nia = await person();
    const s22 = await makeSession(t.db, { activityId: ms22.id, startsAt: '2022-10-10T15:00:00Z' });
    const s23 = await makeSession(t.db, { activityId: ms23.id, startsAt: '2023-10-10T15:00:00Z' });
    await enrol(t.db, { activityId: ms22.id, personId: mo });
    await mark(t.db, s22.id, (await enrol(t.db, { activityId: ms22.id, personId: nia })).id, 'present');
    await mark(t.db, s23.id, (await enrol(t.db, { activityId: ms23.id, personId: mo })).id, 'present');
    await mark(t.db, s23.id, (await enrol(t.db, { activityId: ms23.id, personId: nia })).id, 'present');

    // LLMEs: Lee leads a Work Group; Kay is hub leadership; Max holds the role and an accreditation but
    // led nothing; Pip is an accredited Mastery Specialist who is not an LLME.
    const lee = await person([{ role: 'llme', hubId }]);
    await addLead(t.db, group.id, lee);
    await person([
      { role: 'llme', hubId },
      { role: 'hub_leadership', hubId, title: 'Assistant Maths Hub Lead' },
    ]);
    const max = await person([{ role: 'llme', hubId }]);
    const pip = await person();
    await t.db.insert(accreditations).values([
      { personId: max, kind: 'mastery_specialist', awardedOn: '2021-07-01' },
      { personId: pip, kind: 'mastery_specialist', awardedOn: '2021-07-01' },
    ]);
  });

  it('a school whose teacher’s completion is recorded, without registers, is engaged; an absent one is not', async () => {
    const engaged = await engagedSchools(t.db, { yearCode: '2023/24', activityHubId: hubId });
    expect(engaged).toContain(s.completer);
    expect(engaged).not.toContain(s.absent);
    const y = await figuresOf('2023/24', hubId);
    expect(y.sktm.primary_teachers).toBe(1);
    expect(y.engagement.find((e) => e.phase === 'primary')!.engaged).toBe(1);
  });

  it('post-16 institutions: the college and the school with a sixth form, not the 11 to 16 school', async () => {
    expect((await figuresOf('2023/24', hubId)).post16Institutions).toBe(2);
  });

  it('an LLME starts a development programme in the year of their first taking part', async () => {
    expect((await figuresOf('2023/24', hubId)).llmesStartingDevelopment.primary_mastery_specialists).toBe(1);
    expect((await figuresOf('2022/23', hubId)).llmesStartingDevelopment.primary_mastery_specialists).toBe(1);
  });

  it('active LLMEs lead hub activity: one count for the report, the hub’s row and the roster; Mastery Specialists apart', async () => {
    const y = await figuresOf('2023/24', hubId);
    expect(y.llmes).toBe(2);
    expect(y.masterySpecialists).toBe(1);
    const [hubRow] = await specialistsByHub(t.db, { yearCode: '2023/24', hubId });
    expect(hubRow).toMatchObject({ llmes: 2, masterySpecialists: 1 });
    const roster = await llmeRoster(t.db, hubId, '2023/24');
    expect(roster.activeCount).toBe(2);
    expect(roster.entries.filter((e) => e.active)).toHaveLength(2);
  });
});
