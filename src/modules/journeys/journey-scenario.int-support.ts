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
import { schoolLinks } from '../schools/schema.ts';

/**
 * A hand-made hub whose answers are known (the integration tests of the definitions and the pages):
 *  - A completed a Mastery Readiness Work Group in 2023/24 (attended) and signed up for Development in
 *    2024/25 (attended);
 *  - B signed up to the same Readiness Work Group but its teacher was only ever absent: never engaged;
 *  - Cold completed Readiness in 2023/24 and then converted to an academy, Cnew (GIAS links): Cnew is
 *    engaged in 2023/24 and in Readiness, counted once;
 *  - D withdrew (its teacher sent apologies);
 *  - E is a secondary school with nothing, but a teacher who moved from A to E took SKTM ECT Phase 2
 *    with E in 2024/25;
 *  - S completed Sustaining in 2022/23 (permanent) and Mastering Number at Reception and KS1 in 2023/24;
 *  - F is in another hub's area; its teacher attended Phase 1 of SKTM ECT with this hub.
 * SKTM Primary ECT Phase 1 (2023/24): moved (present; Phase 2 by NCP code), continued (completed, no
 * marks; Phase 2 by `continuesEnrolmentId`), stayed (present; did not move on), neverCame (registered
 * only: not counted). So 3 started and 2 moved on (66.7%). Readiness → Development: 2 started (A, Cnew),
 * 1 moved on (A: 50%).
 */
export async function makeJourneyScenario(db: Database) {
  const la = await makeLocalAuthority(db, { name: 'Journeyshire' });
  const otherLa = await makeLocalAuthority(db, { name: 'Elsewhere' });
  const hub = await makeHub(db, { slug: 'journey-hub', name: 'Journey Maths Hub' }, [{ laCode: la.code }]);
  const otherHub = await makeHub(db, { slug: 'other-hub', name: 'Other Maths Hub' }, [
    { laCode: otherLa.code },
  ]);
  const school = (name: string, extra: Partial<Parameters<typeof makeSchool>[1]> = {}) =>
    makeSchool(db, { laCode: la.code, name, ...extra });
  const a = await school('Alder Primary School');
  const b = await school('Birch Primary School');
  const cOld = await school('Cedar Primary School', { isOpen: false, statusName: 'Closed' });
  const cNew = await school('Cedar Primary Academy', { typeName: 'Academy converter' });
  const d = await school('Damson Primary School');
  const e = await school('Elm Secondary School', { phase: 'secondary', phaseOfEducation: 'Secondary' });
  const s = await school('Sycamore Primary School');
  const f = await makeSchool(db, { laCode: otherLa.code, name: 'Fir Primary School' });
  await db.insert(schoolLinks).values([
    { urn: cOld.urn, linkedUrn: cNew.urn, linkType: 'Successor', linkName: cNew.name },
    { urn: cNew.urn, linkedUrn: cOld.urn, linkType: 'Predecessor', linkName: cOld.name },
  ]);

  const readiness = await makeNcp(db, {
    title: 'Mastery Readiness Work Groups',
    completesTfmStage: 'readiness',
  });
  const development = await makeNcp(db, {
    yearCode: '2024/25',
    title: 'Primary Teaching for Mastery Development Work Groups',
    completesTfmStage: 'development',
  });
  const sustaining = await makeNcp(db, {
    yearCode: '2022/23',
    title: 'Primary Teaching for Mastery Sustaining Work Groups',
    completesTfmStage: 'sustaining',
  });
  const mnReceptionKs1 = await makeNcp(db, {
    title: 'Mastering Number at Reception and KS1 Work Groups',
    strand: 'Mastering Number',
  });
  const ectPhase1 = await makeNcp(db, {
    code: 'NCP23-28a',
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1 Programme',
    type: 'programme',
    nextNcpCode: 'NCP24-28b',
  });
  const ectPhase2 = await makeNcp(db, {
    yearCode: '2024/25',
    code: 'NCP24-28b',
    title: 'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 2 Programme',
    type: 'programme',
  });

  const lead = await makePerson(db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
  const person = () => makePerson(db, [{ role: 'participant', hubId: hub.id }]);

  // 2023/24 Mastery Readiness Work Group.
  const readinessWg = await makeActivity(db, { hubId: hub.id, ncpId: readiness.id, status: 'completed' });
  await addLead(db, readinessWg.id, lead.id);
  await addSchool(db, readinessWg.id, a.urn, 'completed');
  await addSchool(db, readinessWg.id, b.urn, 'registered');
  await addSchool(db, readinessWg.id, cOld.urn, 'completed');
  await addSchool(db, readinessWg.id, d.urn, 'withdrawn');
  const trg1 = await makeSession(db, { activityId: readinessWg.id, startsAt: '2023-10-10T15:30:00Z' });
  const trg2 = await makeSession(db, { activityId: readinessWg.id, startsAt: '2024-01-16T15:30:00Z' });
  const [pa, pb, pc, pd] = [await person(), await person(), await person(), await person()];
  const ea = await enrol(db, {
    activityId: readinessWg.id,
    personId: pa.id,
    schoolUrn: a.urn,
    status: 'completed',
  });
  const eb = await enrol(db, { activityId: readinessWg.id, personId: pb.id, schoolUrn: b.urn });
  const ec = await enrol(db, {
    activityId: readinessWg.id,
    personId: pc.id,
    schoolUrn: cOld.urn,
    status: 'completed',
  });
  const ed = await enrol(db, {
    activityId: readinessWg.id,
    personId: pd.id,
    schoolUrn: d.urn,
    status: 'withdrawn',
  });
  await mark(db, trg1.id, ea.id, 'present');
  await mark(db, trg2.id, ea.id, 'present');
  await mark(db, trg1.id, eb.id, 'absent');
  await mark(db, trg2.id, eb.id, 'absent');
  await mark(db, trg1.id, ec.id, 'present');
  await mark(db, trg1.id, ed.id, 'apologies');

  // 2024/25 Development Work Group: A signed up and attended; Cnew did not move on.
  const developmentWg = await makeActivity(db, { hubId: hub.id, ncpId: development.id, yearCode: '2024/25' });
  await addSchool(db, developmentWg.id, a.urn, 'registered');
  const dev1 = await makeSession(db, { activityId: developmentWg.id, startsAt: '2024-10-08T15:30:00Z' });
  const ea2 = await enrol(db, { activityId: developmentWg.id, personId: pa.id, schoolUrn: a.urn });
  await mark(db, dev1.id, ea2.id, 'present');

  // 2022/23 Sustaining; 2023/24 Mastering Number at Reception and KS1 (S completed, B only signed up).
  const sustainingWg = await makeActivity(db, {
    hubId: hub.id,
    ncpId: sustaining.id,
    yearCode: '2022/23',
    status: 'completed',
  });
  await addSchool(db, sustainingWg.id, s.urn, 'completed');
  const mnWg = await makeActivity(db, { hubId: hub.id, ncpId: mnReceptionKs1.id, status: 'completed' });
  await addSchool(db, mnWg.id, s.urn, 'completed');
  await addSchool(db, mnWg.id, b.urn, 'registered');

  // SKTM Primary ECT Phase 1 (2023/24) and Phase 2 (2024/25).
  const phase1 = await makeActivity(db, {
    hubId: hub.id,
    ncpId: ectPhase1.id,
    kind: 'programme_cohort',
    title: 'Primary ECT Phase 1 cohort',
  });
  const phase2 = await makeActivity(db, {
    hubId: hub.id,
    ncpId: ectPhase2.id,
    yearCode: '2024/25',
    kind: 'programme_cohort',
    title: 'Primary ECT Phase 2 cohort',
  });
  const [moved, continued, stayed, neverCame] = [
    await person(),
    await person(),
    await person(),
    await person(),
  ];
  const p1Session = await makeSession(db, { activityId: phase1.id, startsAt: '2023-11-01T09:00:00Z' });
  const eMoved = await enrol(db, { activityId: phase1.id, personId: moved.id, schoolUrn: a.urn });
  const eContinued = await enrol(db, {
    activityId: phase1.id,
    personId: continued.id,
    schoolUrn: f.urn,
    status: 'completed',
  });
  const eStayed = await enrol(db, { activityId: phase1.id, personId: stayed.id, schoolUrn: f.urn });
  await enrol(db, { activityId: phase1.id, personId: neverCame.id, schoolUrn: b.urn });
  await mark(db, p1Session.id, eMoved.id, 'present');
  await mark(db, p1Session.id, eStayed.id, 'present');
  // The teacher who moved school: Phase 2 with E, their new school.
  const p2Session = await makeSession(db, { activityId: phase2.id, startsAt: '2024-11-06T09:00:00Z' });
  const eMoved2 = await enrol(db, { activityId: phase2.id, personId: moved.id, schoolUrn: e.urn });
  await mark(db, p2Session.id, eMoved2.id, 'present');
  const eContinued2 = await enrol(db, { activityId: phase2.id, personId: continued.id, schoolUrn: f.urn });
  const { enrolments } = await import('../activities/schema.ts');
  const { eq } = await import('drizzle-orm');
  await db
    .update(enrolments)
    .set({ continuesEnrolmentId: eContinued.id })
    .where(eq(enrolments.id, eContinued2.id));

  return { la, otherLa, hub, otherHub, schools: { a, b, cOld, cNew, d, e, s, f }, lead, readinessWg };
}

export type JourneyScenario = Awaited<ReturnType<typeof makeJourneyScenario>>;
